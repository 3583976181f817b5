"""Released deliveries, the items to carry, and their hand-outs per household."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, func, insert, select, update

from ..domain.items import ON_RACK, STATES
from ..tables import deliveries, handouts, items

# -- deliveries (released arrivals) ------------------------------------------------------------


def delivery(conn: Connection, arrival_id: str) -> RowMapping | None:
    return conn.execute(select(deliveries).where(deliveries.c.arrival_id == arrival_id)).mappings().first()


def add_delivery(conn: Connection, **values: Any) -> None:
    conn.execute(insert(deliveries).values(**values))


def set_delivery_state(conn: Connection, arrival_id: str, state: str) -> None:
    conn.execute(update(deliveries).where(deliveries.c.arrival_id == arrival_id).values(state=state))


def deliveries_of(conn: Connection, groupbuy_id: str, state: str) -> list[RowMapping]:
    return list(conn.execute(
        select(deliveries).where(deliveries.c.groupbuy_id == groupbuy_id, deliveries.c.state == state)
        .order_by(deliveries.c.released_at, deliveries.c.arrival_id)
    ).mappings())


def delivery_counts(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(select(deliveries.c.state, func.count()).group_by(deliveries.c.state)).all())


# -- items ------------------------------------------------------------------------------------------


def item(conn: Connection, item_id: str) -> RowMapping | None:
    return conn.execute(select(items).where(items.c.item_id == item_id)).mappings().first()


def items_of_arrival(conn: Connection, arrival_id: str) -> list[RowMapping]:
    return list(conn.execute(select(items).where(items.c.arrival_id == arrival_id)
                             .order_by(items.c.building)).mappings())


def add_item(conn: Connection, **values: Any) -> None:
    conn.execute(insert(items).values(**values))


def change_item(conn: Connection, item_id: str, **values: Any) -> None:
    conn.execute(update(items).where(items.c.item_id == item_id).values(**values))


def counts_by_state(conn: Connection) -> dict[str, int]:
    found = dict(conn.execute(select(items.c.state, func.count()).group_by(items.c.state)).all())
    return {state: found.get(state, 0) for state in STATES}


def waiting(conn: Connection, *, building: str | None = None, ids: list[str] | None = None,
            limit: int | None = None) -> list[RowMapping]:
    """Items not picked up yet (planned or on a rack), oldest release first."""
    query = select(items).where(items.c.state != "picked_up")
    if building is not None:
        query = query.where(items.c.building == building)
    if ids is not None:
        query = query.where(items.c.item_id.in_(ids))
    query = query.order_by(items.c.released_at, items.c.item_id)
    return list(conn.execute(query.limit(limit) if limit else query).mappings())


def on_rack(state: str) -> bool:
    return state in ON_RACK


# -- hand-outs --------------------------------------------------------------------------------------


def add_handout(conn: Connection, item_id: str, room: str, lines: list[tuple[str, int]]) -> None:
    conn.execute(insert(handouts).values(item_id=item_id, room=room, by_proxy=False,
                                         lines=json.dumps(lines, ensure_ascii=False)))


def handouts_of(conn: Connection, item_id: str) -> list[RowMapping]:
    return list(conn.execute(select(handouts).where(handouts.c.item_id == item_id)
                             .order_by(handouts.c.room)).mappings())


def lines_of(handout: RowMapping) -> list[tuple[str, int]]:
    return [tuple(pair) for pair in json.loads(handout["lines"])]


def mark_picked(conn: Connection, item_id: str, room: str, *, by: str, by_proxy: bool, at: datetime) -> None:
    conn.execute(update(handouts).where(handouts.c.item_id == item_id, handouts.c.room == room)
                 .values(picked_by=by, by_proxy=by_proxy, picked_at=at))


def items_for_households(conn: Connection, households: set[tuple[str, str]]) -> list[str]:
    """Ids of waiting items with a hand-out for any of these households."""
    if not households:
        return []
    found = set()
    for building, room in households:
        found |= set(conn.execute(
            select(items.c.item_id).join(handouts, handouts.c.item_id == items.c.item_id)
            .where(items.c.building == building, handouts.c.room == room, items.c.state != "picked_up")
        ).scalars())
    return sorted(found)
