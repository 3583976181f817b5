"""holding's data access: small functions over its tables (SQLAlchemy Core), one job each."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, func, insert, select, update

from shared.runtime import counters

from .domain.arrivals import GroupBuyView, VendorView
from .domain.gate import STATES
from .tables import arrivals, extensions, gate_settings, groupbuys, refusals, residents, vendors


def next_id(conn: Connection, prefix: str) -> str:
    """`A7`, `P45`, `M3`: the next number of a per-prefix counter."""
    return counters.next_id(conn, prefix)


def _upsert(conn: Connection, table, key: str, key_value: str, values: dict[str, Any]) -> None:
    changed = conn.execute(update(table).where(table.c[key] == key_value).values(**values)).rowcount
    if not changed:
        conn.execute(insert(table).values({key: key_value, **values}))


def set_resident(conn: Connection, person_id: str, *, building: str | None, room: str | None) -> None:
    _upsert(conn, residents, "person_id", person_id, {"building": building, "room": room})


# -- zone level --------------------------------------------------------------------------------


def zone(conn: Connection, default: str) -> str:
    value = conn.execute(select(gate_settings.c.value).where(gate_settings.c.name == "zone")).scalar()
    return value or default


def set_zone(conn: Connection, level: str) -> None:
    _upsert(conn, gate_settings, "name", "zone", {"value": level})


# -- read model of vetting -----------------------------------------------------------------------


def set_groupbuy(conn: Connection, groupbuy_id: str, *, state: str, vendor_id: str | None = None,
                 reason: str | None = None) -> None:
    values: dict[str, Any] = {"state": state, "reason": reason}
    if vendor_id is not None:
        values["vendor_id"] = vendor_id
    _upsert(conn, groupbuys, "groupbuy_id", groupbuy_id, values)


def set_vendor(conn: Connection, vendor_id: str, *, name: str, state: str, reason: str | None = None) -> None:
    _upsert(conn, vendors, "vendor_id", vendor_id, {"name": name, "state": state, "reason": reason})


def groupbuy(conn: Connection, groupbuy_id: str) -> GroupBuyView | None:
    row = conn.execute(select(groupbuys).where(groupbuys.c.groupbuy_id == groupbuy_id)).mappings().first()
    return GroupBuyView(row["groupbuy_id"], row["vendor_id"], row["state"], row["reason"]) if row else None


def vendor(conn: Connection, vendor_id: str | None) -> VendorView | None:
    if vendor_id is None:
        return None
    row = conn.execute(select(vendors).where(vendors.c.vendor_id == vendor_id)).mappings().first()
    return VendorView(row["vendor_id"], row["name"], row["state"], row["reason"]) if row else None


# -- arrivals --------------------------------------------------------------------------------------


def arrival(conn: Connection, arrival_id: str) -> RowMapping | None:
    return conn.execute(select(arrivals).where(arrivals.c.arrival_id == arrival_id)).mappings().first()


def arrival_by_message(conn: Connection, message_key: str) -> RowMapping | None:
    return conn.execute(select(arrivals).where(arrivals.c.message_key == message_key)).mappings().first()


def add_arrival(conn: Connection, **values: Any) -> None:
    conn.execute(insert(arrivals).values(**values))


def change_arrival(conn: Connection, arrival_id: str, **values: Any) -> None:
    conn.execute(update(arrivals).where(arrivals.c.arrival_id == arrival_id).values(**values))


def record_refusal(conn: Connection, *, kind: str, groupbuy_ref: str | None, reason: str,
                   params: dict[str, str], by: str, at: datetime) -> None:
    conn.execute(insert(refusals).values(kind=kind, groupbuy_ref=groupbuy_ref, reason=reason,
                                         params=json.dumps(params, ensure_ascii=False), by=by, at=at))


def counts_by_state(conn: Connection) -> dict[str, int]:
    found = dict(conn.execute(select(arrivals.c.state, func.count()).group_by(arrivals.c.state)).all())
    return {state: found.get(state, 0) for state in STATES}


def overdue_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).where(arrivals.c.overdue_at.is_not(None))).scalar() or 0


def in_gate_area(conn: Connection, limit: int | None = None) -> list[RowMapping]:
    """Items not yet released: held ones soonest due first, then those awaiting disinfection."""
    query = (select(arrivals).where(arrivals.c.state != "released")
             .order_by(arrivals.c.due_at.is_(None), arrivals.c.due_at, arrivals.c.registered_at))
    if limit is not None:
        query = query.limit(limit)
    return list(conn.execute(query).mappings())


def add_extension(conn: Connection, **values: Any) -> None:
    conn.execute(insert(extensions).values(**values))
