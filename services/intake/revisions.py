"""The highest revision seen per chat message, and what it caused.

The runtime's inbox drops an exact copy; this keeps an older revision that arrives after a
newer one (or after the inbox forgot it) from winning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from .tables import message_revisions


@dataclass(frozen=True)
class Seen:
    revision: int
    effect: str | None


def last_seen(conn: Connection, message_key: str) -> Seen | None:
    row = conn.execute(select(message_revisions.c.revision, message_revisions.c.effect)
                       .where(message_revisions.c.message_key == message_key)).first()
    return Seen(row.revision, row.effect) if row else None


def record(conn: Connection, message_key: str, revision: int, effect: str | None, *,
           now: datetime, first: bool) -> None:
    values = dict(revision=revision, effect=effect, seen_at=now)
    if first:
        conn.execute(insert(message_revisions).values(message_key=message_key, **values))
    else:
        conn.execute(update(message_revisions)
                     .where(message_revisions.c.message_key == message_key).values(**values))
