"""The unit of work a handler gets: one database transaction in which it changes state,
emits events (into the outbox) and sets or cancels timers, all committed together.

The messages of one pulled batch share a transaction; work they have in common can wait for
the batch's end (`Tx.at_end`): notify releases each chat's queue once a batch, not once a
notice, and loads the platform's token bucket once for all of them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Protocol, TypeVar

from sqlalchemy import Connection, bindparam, delete, insert

from shared.contracts.envelope import Envelope, make_envelope
from shared.contracts.registry import Payload, spec_of

from .tables import outbox, timers


@dataclass
class OutgoingMessage:
    msg_id: str
    subject: str
    payload: bytes


class AtEnd(Protocol):
    """Work gathered while a batch is handled, done once before it commits."""

    def run(self, tx: "Tx") -> None: ...


W = TypeVar("W", bound=AtEnd)


@dataclass
class Tx:
    conn: Connection
    now: datetime
    source: str
    community: str
    cause: Envelope | None = None
    correlation_id: str | None = None
    outgoing: list[OutgoingMessage] = field(default_factory=list)
    at_end_work: dict[str, AtEnd] = field(default_factory=dict)  # shared by a batch's txs

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

    def cancel_many(self, kind: str, keys: list[str]) -> None:
        """Cancel the timers (kind, key) for every key, in one statement."""
        if keys:
            self.conn.execute(_CANCEL_MANY, {"kind": kind, "keys": keys})

    def at_end(self, name: str, make: Callable[[], W]) -> W:
        """The batch's one `name` work, made by `make` on first use; its `run` is called once,
        after every message of the batch is handled and before the outbox is written. It runs
        with a Tx of its own that has no cause: what it emits answers no single message."""
        found = self.at_end_work.get(name)
        if found is None:
            found = self.at_end_work[name] = make()
        return found  # type: ignore[return-value]

    def finish(self) -> None:
        """Run the batch's end-of-batch work (what it adds in turn runs too)."""
        while self.at_end_work:
            name = next(iter(self.at_end_work))
            work = self.at_end_work.pop(name)
            work.run(Tx(conn=self.conn, now=self.now, source=self.source, community=self.community,
                        outgoing=self.outgoing, at_end_work=self.at_end_work))

    def flush(self) -> int:
        """End-of-batch work, then what was emitted into the outbox (the runtime calls this
        before it commits)."""
        self.finish()
        return write_outbox(self.conn, self.outgoing)


_INSERT_OUTBOX = insert(outbox)
# Built once (a handler may set or cancel a timer per event): executed with parameters.
_SCHEDULE = insert(timers)
_CANCEL = delete(timers).where(timers.c.kind == bindparam("kind"), timers.c.key == bindparam("key"))
_CANCEL_MANY = delete(timers).where(timers.c.kind == bindparam("kind"),
                                    timers.c.key.in_(bindparam("keys", expanding=True)))


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
