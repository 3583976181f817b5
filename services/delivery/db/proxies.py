"""Proxies households named."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from ..tables import people, proxies
from . import upsert


def name(conn: Connection, *, building: str, room: str, proxy_id: str, named_by: str, at: datetime) -> None:
    upsert(conn, proxies, {"building": building, "room": room, "proxy_id": proxy_id},
           {"named_by": named_by, "named_at": at})


def households_of(conn: Connection, proxy_id: str) -> frozenset[tuple[str, str]]:
    """The households this person may pick up for."""
    rows = conn.execute(select(proxies.c.building, proxies.c.room).where(proxies.c.proxy_id == proxy_id))
    return frozenset((r.building, r.room) for r in rows)


def of_household(conn: Connection, building: str, room: str) -> list:
    """The proxies a household named, with their language (unknown people are skipped)."""
    return list(conn.execute(
        select(people).join(proxies, proxies.c.proxy_id == people.c.person_id)
        .where(proxies.c.building == building, proxies.c.room == room).order_by(people.c.person_id)
    ).mappings())
