"""Group buys and their items."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from ..domain.essentials import ItemFacts
from ..tables import GroupBuy, Item, groupbuys, items


GET_GROUPBUY = select(groupbuys).where(groupbuys.c.id == bindparam("g"))
ITEMS_OF = select(items).where(items.c.groupbuy_id == bindparam("g")).order_by(items.c.position)
STATUS_AND_ITEMS = select(groupbuys.c.status, items) \
    .join_from(items, groupbuys, items.c.groupbuy_id == groupbuys.c.id) \
    .where(items.c.groupbuy_id == bindparam("g")).order_by(items.c.position)
OPEN_ITEMS = select(groupbuys.c.status, items) \
    .join_from(items, groupbuys, items.c.groupbuy_id == groupbuys.c.id) \
    .where(groupbuys.c.status == "open").order_by(groupbuys.c.deadline, groupbuys.c.id, items.c.position)
ADD_TO_TOTAL = update(items).where(items.c.groupbuy_id == bindparam("g"), items.c.name == bindparam("i")) \
    .values(ordered=items.c.ordered + bindparam("delta")).returning(items.c.ordered)


def add_groupbuy(conn: Connection, *, groupbuy_id: str, vendor_id: str, leader_id: str,
                 leader_language: str, status: str, deadline: datetime, now: datetime,
                 item_list: Sequence[ItemFacts]) -> None:
    conn.execute(insert(groupbuys).values(
        id=groupbuy_id, vendor_id=vendor_id, leader_id=leader_id, leader_language=leader_language,
        status=status, deadline=deadline, proposed_at=now))
    conn.execute(insert(items), [
        {"groupbuy_id": groupbuy_id, "name": item.name, "name_en": item.name_en, "position": position, "category": item.category,
         "price": str(item.price), "min_qty": item.min_qty, "ordered": 0}
        for position, item in enumerate(item_list)
    ])


def get_groupbuy(conn: Connection, groupbuy_id: str) -> GroupBuy | None:
    row = conn.execute(GET_GROUPBUY, {"g": groupbuy_id}).first()
    return GroupBuy.model_validate(row._mapping) if row else None


def items_of(conn: Connection, groupbuy_id: str) -> list[Item]:
    return [Item.model_validate(row._mapping) for row in conn.execute(ITEMS_OF, {"g": groupbuy_id})]


def status_and_items(conn: Connection, groupbuy_id: str) -> tuple[str | None, list[Row[Any]]]:
    """A buy's status and items in one read (the order path); (None, []) for no such buy."""
    rows = list(conn.execute(STATUS_AND_ITEMS, {"g": groupbuy_id}))
    return (rows[0].status if rows else None), rows


def open_items(conn: Connection) -> list[Row[Any]]:
    """Every item of every open buy (an order that names no buy), soonest deadline first."""
    return list(conn.execute(OPEN_ITEMS))


def set_status(conn: Connection, groupbuy_id: str, status: str, *, closed_at: datetime | None = None) -> None:
    values: dict[str, Any] = {"status": status}
    if closed_at is not None:
        values["closed_at"] = closed_at
    conn.execute(update(groupbuys).where(groupbuys.c.id == groupbuy_id).values(**values))


def ids_of_vendor(conn: Connection, vendor_id: str, status: str) -> list[GroupBuy]:
    rows = conn.execute(select(groupbuys).where(groupbuys.c.vendor_id == vendor_id, groupbuys.c.status == status)
                        .order_by(groupbuys.c.proposed_at, groupbuys.c.id))
    return [GroupBuy.model_validate(row._mapping) for row in rows]


def open_ones(conn: Connection) -> list[GroupBuy]:
    rows = conn.execute(select(groupbuys).where(groupbuys.c.status == "open")
                        .order_by(groupbuys.c.deadline, groupbuys.c.id))
    return [GroupBuy.model_validate(row._mapping) for row in rows]


def add_to_total(conn: Connection, groupbuy_id: str, item: str, delta: int) -> int:
    """Change an item's live total; returns the new total."""
    return conn.execute(ADD_TO_TOTAL, {"g": groupbuy_id, "i": item, "delta": delta}).scalar_one()
