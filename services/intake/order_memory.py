"""What intake remembers about orders in chats: the lines of copied 接龙 lists a chat has
already seen (only new lines are orders), and when someone was last told an order-like
message could not be read (one short answer per person per window, not one per typo)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select, update

from shared.contracts.keys import STORED_KEY_LIMIT, bounded_key

from .tables import order_hints, order_list_lines


def _digest(line: str) -> str:
    return hashlib.sha256(line.encode()).hexdigest()


LIST_MEMORY = timedelta(days=14)  # a group buy's list lives for days; older lines are forgotten


def new_lines(conn: Connection, platform: str, chat_id: str, keys: tuple[str, ...], *, now: datetime) -> list[int]:
    """Indexes of the lines this chat has not seen before; all of them are seen from now on
    (for `LIST_MEMORY`: the chat's older lines are dropped here, so the table stays small)."""
    chat_key = bounded_key(f"{platform}:{chat_id}", STORED_KEY_LIMIT)
    conn.execute(delete(order_list_lines).where(order_list_lines.c.chat_key == chat_key,
                                                order_list_lines.c.seen_at < now - LIST_MEMORY))
    digests = [_digest(key) for key in keys]
    seen = set(conn.execute(select(order_list_lines.c.line_key).where(
        order_list_lines.c.chat_key == chat_key, order_list_lines.c.line_key.in_(set(digests)))).scalars())
    fresh = list(dict.fromkeys(d for d in digests if d not in seen))
    if fresh:
        conn.execute(insert(order_list_lines), [{"chat_key": chat_key, "line_key": d, "seen_at": now} for d in fresh])
    first = {d: digests.index(d) for d in fresh}
    return sorted(first.values())


def may_answer(conn: Connection, platform: str, sender_id: str, *, now: datetime, window: timedelta) -> bool:
    """True (and remembered) when this identity was not told within `window`."""
    where = (order_hints.c.platform == platform, order_hints.c.sender_id == sender_id)
    last = conn.execute(select(order_hints.c.answered_at).where(*where)).scalar()
    if last is not None and now - last < window:
        return False
    if last is None:
        conn.execute(insert(order_hints).values(platform=platform, sender_id=sender_id, answered_at=now))
    else:
        conn.execute(update(order_hints).where(*where).values(answered_at=now))
    return True
