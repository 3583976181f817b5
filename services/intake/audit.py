"""The audit log: every refused attempt to get in or to do what one may not, in intake's
store. Who (platform, sender, person if bound), what (command, reason code, a note from our
own vocabulary) and when (the service's clock). Never the text or code that was typed: a
mistyped code is one character from a real one, and a message may hold anything.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select

from shared.contracts.intake import ChatRef

from .tables import audit_log

# Refusals that are about access; a typo in a command one may use (bad_arguments), an edit
# that changes nothing and an over-long text are mistakes, not attempts, and stay out.
AUDITED = frozenset({"bad_code", "code_used", "code_expired", "bind_locked",
                     "not_bound", "wrong_role", "unknown_command"})
BIND_REASONS = frozenset({"bad_code", "code_used", "code_expired", "bind_locked"})


@dataclass(frozen=True)
class Entry:
    seq: int
    at: datetime
    platform: str
    sender_id: str
    chat_type: str
    person_id: str | None
    command: str | None
    reason: str
    note: str | None

    def as_dict(self) -> dict:
        return {**asdict(self), "at": self.at.isoformat()}


def record(conn: Connection, *, chat: ChatRef, person_id: str | None, reason: str, command: str | None,
           note: str | None, now: datetime) -> None:
    conn.execute(insert(audit_log).values(
        at=now, platform=chat.platform, sender_id=chat.sender_id, chat_type=chat.chat_type,
        person_id=person_id, command=command or ("bind" if reason in BIND_REASONS else None),
        reason=reason, note=note))


def entries(conn: Connection, *, since: datetime | None = None, reason: str | None = None,
            limit: int = 10_000) -> list[Entry]:
    """Oldest first, from `since` on."""
    query = select(audit_log).order_by(audit_log.c.seq).limit(limit)
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    if reason is not None:
        query = query.where(audit_log.c.reason == reason)
    return [Entry(r.seq, r.at, r.platform, r.sender_id, r.chat_type, r.person_id, r.command, r.reason, r.note)
            for r in conn.execute(query)]


def counts_by_reason(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(select(audit_log.c.reason, func.count()).group_by(audit_log.c.reason)).all())
