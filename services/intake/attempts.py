"""Each identity's failed `/bind` attempts and its lock, in intake's store (one row per
identity that ever failed; a success deletes it)."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, update

from .domain.lockout import NONE, Attempts
from .tables import bind_attempts


def _where(platform: str, sender_id: str):
    return (bind_attempts.c.platform == platform, bind_attempts.c.sender_id == sender_id)


def load(conn: Connection, platform: str, sender_id: str) -> Attempts:
    row = conn.execute(select(bind_attempts).where(*_where(platform, sender_id))).first()
    return Attempts(row.failures, row.last_failed_at, row.locked_until) if row else NONE


def save(conn: Connection, platform: str, sender_id: str, attempts: Attempts) -> None:
    values = dict(failures=attempts.failures, last_failed_at=attempts.last_failed_at,
                  locked_until=attempts.locked_until)
    if not conn.execute(update(bind_attempts).where(*_where(platform, sender_id)).values(**values)).rowcount:
        conn.execute(insert(bind_attempts).values(platform=platform, sender_id=sender_id, **values))


def forget(conn: Connection, platform: str, sender_id: str) -> None:
    conn.execute(delete(bind_attempts).where(*_where(platform, sender_id)))
