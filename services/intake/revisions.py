"""The highest revision seen per chat message, and what it caused.

The runtime's inbox drops an exact copy; this keeps an older revision that arrives after a
newer one (or after the inbox forgot it) from winning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, insert, select, update

from .tables import message_revisions


@dataclass(frozen=True)
class Seen:
    revision: int
    effect: str | None


# Both run for every chat message: built once, executed with parameters.
_LAST_SEEN = select(message_revisions.c.revision, message_revisions.c.effect).where(
    message_revisions.c.message_key == bindparam("key"))
_INSERT = insert(message_revisions)
_UPDATE = update(message_revisions).where(message_revisions.c.message_key == bindparam("key")).values(
    revision=bindparam("rev"), effect=bindparam("eff"), seen_at=bindparam("at", type_=message_revisions.c.seen_at.type))


def last_seen(conn: Connection, message_key: str) -> Seen | None:
    row = conn.execute(_LAST_SEEN, {"key": message_key}).first()
    return Seen(row.revision, row.effect) if row else None


def record(conn: Connection, message_key: str, revision: int, effect: str | None, *,
           now: datetime, first: bool) -> None:
    if first:
        conn.execute(_INSERT, {"message_key": message_key, "revision": revision, "effect": effect, "seen_at": now})
    else:
        conn.execute(_UPDATE, {"key": message_key, "rev": revision, "eff": effect, "at": now})
