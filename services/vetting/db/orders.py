"""Order lines (one per household and item) and the chat messages that set them.

The per-order statements are built once, with bind parameters: building a SQLAlchemy
statement costs more than SQLite takes to run it, and orders are the hot path.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, func, insert, select, update

from shared.runtime.places import place_key

from ..domain.orders import Line
from ..tables import order_lines, order_messages

_ONE_LINE = (order_lines.c.groupbuy_id == bindparam("g"), order_lines.c.building == bindparam("b"),
             order_lines.c.room == bindparam("r"), order_lines.c.item == bindparam("i"))
_HOUSEHOLD = _ONE_LINE[:3]
_LINE_VALUES = {"qty": bindparam("qty"), "person_id": bindparam("person_id"), "language": bindparam("language"),
                "message_key": bindparam("message_key"), "updated_at": bindparam("updated_at")}

KNOWN = select(order_messages.c.revision, order_messages.c.groupbuy_id, order_messages.c.item) \
    .where(order_messages.c.message_key == bindparam("k"))
INSERT_MESSAGE = insert(order_messages).values(message_key=bindparam("k"), revision=bindparam("rev"),
                                               groupbuy_id=bindparam("g"), item=bindparam("i"))
UPDATE_MESSAGE = update(order_messages).where(order_messages.c.message_key == bindparam("k")) \
    .values(revision=bindparam("rev"), groupbuy_id=bindparam("g"), item=bindparam("i"))
GET_LINE = select(order_lines.c.qty, order_lines.c.message_key).where(*_ONE_LINE)
INSERT_LINE = insert(order_lines).values(groupbuy_id=bindparam("g"), building=bindparam("b"),
                                         room=bindparam("r"), item=bindparam("i"), **_LINE_VALUES)
UPDATE_LINE = update(order_lines).where(*_ONE_LINE).values(**_LINE_VALUES)
DELETE_LINE = delete(order_lines).where(*_ONE_LINE)
MESSAGE_LINES = select(order_lines.c.building, order_lines.c.room, order_lines.c.item, order_lines.c.qty) \
    .where(order_lines.c.groupbuy_id == bindparam("g"), order_lines.c.message_key == bindparam("k"))
HOUSEHOLD_LINES = select(order_lines.c.item, order_lines.c.qty).where(*_HOUSEHOLD).order_by(order_lines.c.item)


def known_message(conn: Connection, message_key: str) -> Row[Any] | None:
    return conn.execute(KNOWN, {"k": message_key}).first()


def remember_message(conn: Connection, *, message_key: str, revision: int, known: bool,
                     groupbuy_id: str | None, item: str | None) -> None:
    conn.execute(UPDATE_MESSAGE if known else INSERT_MESSAGE,
                 {"k": message_key, "rev": revision, "g": groupbuy_id, "i": item})


def get_line(conn: Connection, groupbuy_id: str, building: str, room: str, item: str) -> Row[Any] | None:
    return conn.execute(GET_LINE, {"g": groupbuy_id, "b": building, "r": room, "i": item}).first()


def put_line(conn: Connection, *, exists: bool, groupbuy_id: str, building: str, room: str, item: str,
             qty: int, person_id: str, language: str, message_key: str, now: datetime) -> None:
    conn.execute(UPDATE_LINE if exists else INSERT_LINE, {
        "g": groupbuy_id, "b": building, "r": room, "i": item, "qty": qty, "person_id": person_id,
        "language": language, "message_key": message_key, "updated_at": now})


def remove_line(conn: Connection, groupbuy_id: str, building: str, room: str, item: str) -> None:
    conn.execute(DELETE_LINE, {"g": groupbuy_id, "b": building, "r": room, "i": item})


def lines_of_message(conn: Connection, groupbuy_id: str, message_key: str) -> list[Row[Any]]:
    """The lines of a buy that one chat message set (an edit of it replaces them)."""
    return list(conn.execute(MESSAGE_LINES, {"g": groupbuy_id, "k": message_key}))


def household_lines(conn: Connection, groupbuy_id: str, building: str, room: str) -> list[Line]:
    rows = conn.execute(HOUSEHOLD_LINES, {"g": groupbuy_id, "b": building, "r": room})
    return [Line(building, room, row.item, row.qty) for row in rows]


def lines_of(conn: Connection, groupbuy_id: str, *, building: str | None = None,
             item: str | None = None) -> list[Row[Any]]:
    """Every line of a buy (optionally one building's or one item's), by building, room (as
    numbers: 3-502 before 3-1201), item."""
    query = select(order_lines).where(order_lines.c.groupbuy_id == groupbuy_id)
    if building is not None:
        query = query.where(order_lines.c.building == building)
    if item is not None:
        query = query.where(order_lines.c.item == item)
    rows = conn.execute(query.order_by(order_lines.c.building, order_lines.c.room, order_lines.c.item))
    return sorted(rows, key=lambda r: place_key(r.building, r.room))  # stable: items stay in order


def remove_item_lines(conn: Connection, groupbuy_id: str, item: str) -> None:
    conn.execute(delete(order_lines).where(order_lines.c.groupbuy_id == groupbuy_id, order_lines.c.item == item))


def tally_by_building(conn: Connection, groupbuy_id: str) -> list[Row[Any]]:
    """(building, item, qty) summed over rooms: what the leader and committee see."""
    qty = func.sum(order_lines.c.qty).label("qty")
    return sorted(conn.execute(
        select(order_lines.c.building, order_lines.c.item, qty)
        .where(order_lines.c.groupbuy_id == groupbuy_id)
        .group_by(order_lines.c.building, order_lines.c.item)
        .order_by(order_lines.c.building, order_lines.c.item)), key=lambda r: place_key(r.building))
