"""Order lines (one per household and item) and the chat messages that set them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, func, insert, select, update

from ..domain.orders import Line
from ..tables import order_lines, order_messages


def known_message(conn: Connection, message_key: str) -> Row[Any] | None:
    return conn.execute(select(order_messages).where(order_messages.c.message_key == message_key)).first()


def remember_message(conn: Connection, *, message_key: str, revision: int, known: bool,
                     groupbuy_id: str | None, item: str | None) -> None:
    values = {"revision": revision, "groupbuy_id": groupbuy_id, "item": item}
    if known:
        conn.execute(update(order_messages).where(order_messages.c.message_key == message_key).values(**values))
    else:
        conn.execute(insert(order_messages).values(message_key=message_key, **values))


def _household(groupbuy_id: str, building: str, room: str):
    return (order_lines.c.groupbuy_id == groupbuy_id, order_lines.c.building == building,
            order_lines.c.room == room)


def get_line(conn: Connection, groupbuy_id: str, building: str, room: str, item: str) -> Row[Any] | None:
    return conn.execute(select(order_lines.c.qty, order_lines.c.message_key)
                        .where(*_household(groupbuy_id, building, room), order_lines.c.item == item)).first()


def put_line(conn: Connection, *, exists: bool, groupbuy_id: str, building: str, room: str, item: str,
             qty: int, person_id: str, language: str, message_key: str, now: datetime) -> None:
    values = {"qty": qty, "person_id": person_id, "language": language, "message_key": message_key,
              "updated_at": now}
    if exists:
        conn.execute(update(order_lines).where(*_household(groupbuy_id, building, room),
                                               order_lines.c.item == item).values(**values))
    else:
        conn.execute(insert(order_lines).values(groupbuy_id=groupbuy_id, building=building, room=room,
                                                item=item, **values))


def remove_line(conn: Connection, groupbuy_id: str, building: str, room: str, item: str) -> None:
    conn.execute(delete(order_lines).where(*_household(groupbuy_id, building, room), order_lines.c.item == item))


def household_lines(conn: Connection, groupbuy_id: str, building: str, room: str) -> list[Line]:
    rows = conn.execute(select(order_lines.c.item, order_lines.c.qty)
                        .where(*_household(groupbuy_id, building, room)).order_by(order_lines.c.item))
    return [Line(building, room, row.item, row.qty) for row in rows]


def lines_of(conn: Connection, groupbuy_id: str, *, building: str | None = None,
             item: str | None = None) -> list[Row[Any]]:
    """Every line of a buy (optionally one building's or one item's), by building, room, item."""
    query = select(order_lines).where(order_lines.c.groupbuy_id == groupbuy_id)
    if building is not None:
        query = query.where(order_lines.c.building == building)
    if item is not None:
        query = query.where(order_lines.c.item == item)
    return list(conn.execute(query.order_by(order_lines.c.building, order_lines.c.room, order_lines.c.item)))


def remove_item_lines(conn: Connection, groupbuy_id: str, item: str) -> None:
    conn.execute(delete(order_lines).where(order_lines.c.groupbuy_id == groupbuy_id, order_lines.c.item == item))


def tally_by_building(conn: Connection, groupbuy_id: str) -> list[Row[Any]]:
    """(building, item, qty) summed over rooms: what the leader and committee see."""
    qty = func.sum(order_lines.c.qty).label("qty")
    return list(conn.execute(
        select(order_lines.c.building, order_lines.c.item, qty)
        .where(order_lines.c.groupbuy_id == groupbuy_id)
        .group_by(order_lines.c.building, order_lines.c.item)
        .order_by(order_lines.c.building, order_lines.c.item)))
