"""People and households, from intake's roster events."""

from __future__ import annotations

from sqlalchemy import Connection, RowMapping, select

from ..tables import people
from . import upsert


def save(conn: Connection, *, person_id: str, **values) -> None:
    upsert(conn, people, {"person_id": person_id}, values)


def get(conn: Connection, person_id: str) -> RowMapping | None:
    return conn.execute(select(people).where(people.c.person_id == person_id)).mappings().first()


def residents(conn: Connection, building: str, room: str) -> list[RowMapping]:
    """The household's residents (whoever lives there, whatever else they do), in id order."""
    return list(conn.execute(
        select(people).where(people.c.building == building, people.c.room == room).order_by(people.c.person_id)
    ).mappings())


def admins(conn: Connection, building: str) -> list[RowMapping]:
    return list(conn.execute(
        select(people).where(people.c.admin_building == building).order_by(people.c.person_id)
    ).mappings())


def buildings(conn: Connection) -> list[str]:
    rows = conn.execute(select(people.c.building).where(people.c.building.is_not(None)).distinct()).scalars()
    return sorted(rows)
