"""Medicine on its way from a run to a rack: which request a gate id (M3) is, and who filed
it, so a building admin who asked for a household hears when it is on the rack."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, select, update

from ..tables import medicine_items
from .upsert import insert_new


def handed_off(conn: Connection, *, request_id: str, requester_id: str, language: str, building: str,
               room: str) -> None:
    values = {"requester_id": requester_id, "language": language, "building": building, "room": room}
    if not insert_new(conn, medicine_items, {"request_id": request_id, **values}, ["request_id"]):
        conn.execute(update(medicine_items).where(medicine_items.c.request_id == request_id).values(**values))


def at_gate(conn: Connection, *, request_id: str, arrival_id: str) -> None:
    if not insert_new(conn, medicine_items, {"request_id": request_id, "arrival_id": arrival_id}, ["request_id"]):
        conn.execute(update(medicine_items).where(medicine_items.c.request_id == request_id)
                     .values(arrival_id=arrival_id))


def of_arrival(conn: Connection, arrival_id: str) -> Row[Any] | None:
    return conn.execute(select(medicine_items).where(medicine_items.c.arrival_id == arrival_id)).first()
