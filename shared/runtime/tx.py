"""The unit of work a handler gets: one database transaction in which it changes state,
emits events (into the outbox) and sets or cancels timers, all committed together."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert

from shared.contracts.envelope import Envelope, make_envelope
from shared.contracts.registry import Payload, spec_of

from .tables import outbox, timers


@dataclass
class OutgoingMessage:
    msg_id: str
    subject: str
    payload: bytes


@dataclass
class Tx:
    conn: Connection
    now: datetime
    source: str
    community: str
    cause: Envelope | None = None
    correlation_id: str | None = None
    outgoing: list[OutgoingMessage] = field(default_factory=list)

    def emit(self, payload: Payload, *, community: str | None = None) -> Envelope:
        """Record an event of this service; it is published only if the transaction commits."""
        spec = spec_of(payload)
        if spec.source != self.source:
            raise ValueError(f"{self.source} may not publish {spec.type} (owned by {spec.source})")
        envelope = make_envelope(
            type=spec.type,
            source=self.source,
            community=community or self.community,
            data=payload.model_dump(mode="json"),
            time=self.now,
            version=spec.version,
            correlation_id=self.correlation_id or (self.cause.correlation_id if self.cause else None),
            causation_id=self.cause.id if self.cause else None,
        )
        body = envelope.model_dump_json().encode()
        self.outgoing.append(OutgoingMessage(envelope.id, spec.subject(envelope.community), body))
        return envelope

    def send_raw(self, *, subject: str, msg_id: str, body: bytes) -> None:
        """Publish a non-envelope message (e.g. `chat.out`) through the same outbox."""
        self.outgoing.append(OutgoingMessage(msg_id, subject, body))

    def schedule(self, kind: str, key: str, due_at: datetime, data: dict[str, Any] | None = None) -> None:
        """Set (or move) the timer (kind, key) to fire at `due_at`."""
        self.cancel(kind, key)
        self.conn.execute(_SCHEDULE, {"kind": kind, "key": key, "due_at": due_at, "data": json.dumps(data or {})})

    def cancel(self, kind: str, key: str) -> None:
        self.conn.execute(_CANCEL, {"kind": kind, "key": key})

    def flush(self) -> int:
        """Write what was emitted into the outbox (called by the runtime before commit)."""
        return write_outbox(self.conn, self.outgoing)


_INSERT_OUTBOX = insert(outbox)
# Built once (a handler may set or cancel a timer per event): executed with parameters.
_SCHEDULE = insert(timers)
_CANCEL = delete(timers).where(timers.c.kind == bindparam("kind"), timers.c.key == bindparam("key"))


def write_outbox(conn: Connection, messages: list[OutgoingMessage]) -> int:
    """One statement for a whole batch's events, in the order they were emitted."""
    if not messages:
        return 0
    wall_now = datetime.now(timezone.utc)  # outbox age is an operator's figure: real time
    conn.execute(_INSERT_OUTBOX, [
        {"msg_id": m.msg_id, "subject": m.subject, "payload": m.payload, "created_at": wall_now}
        for m in messages
    ])
    count = len(messages)
    messages.clear()
    return count
