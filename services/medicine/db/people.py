"""The read model of the roster: which rooms have residents."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from ..tables import residents


def record(conn: Connection, person_id: str, role: str, building: str | None, room: str | None) -> None:
    conn.execute(delete(residents).where(residents.c.person_id == person_id))
    if role == "resident" and building and room:
        conn.execute(insert(residents).values(person_id=person_id, building=building, room=room))


def household_known(conn: Connection, building: str, room: str) -> bool:
    found = conn.execute(select(residents.c.person_id)
                         .where(residents.c.building == building, residents.c.room == room).limit(1))
    return found.first() is not None
