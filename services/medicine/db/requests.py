"""Requests and the queue."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, RowMapping, func, insert, select, update

from ..domain.requests import HANDED_OFF, QUEUED
from ..domain.triage import Queued
from ..tables import requests


def add(conn: Connection, **values: Any) -> None:
    conn.execute(insert(requests).values(**values))


def get(conn: Connection, request_id: str) -> RowMapping | None:
    return conn.execute(select(requests).where(requests.c.request_id == request_id)).mappings().first()


def change(conn: Connection, request_id: str, **values: Any) -> None:
    conn.execute(update(requests).where(requests.c.request_id == request_id).values(**values))


def queued(conn: Connection, hospital_key: str | None = None) -> list[Queued]:
    """The queue (one hospital's, or all), as the domain orders it."""
    statement = select(requests.c.request_id, requests.c.urgency, requests.c.requested_at, requests.c.number) \
        .where(requests.c.state == QUEUED)
    if hospital_key is not None:
        statement = statement.where(requests.c.hospital_key == hospital_key)
    return [Queued(*row) for row in conn.execute(statement)]


def of_run(conn: Connection, run_id: str) -> list[RowMapping]:
    return list(conn.execute(select(requests).where(requests.c.run_id == run_id)
                             .order_by(requests.c.urgency, requests.c.requested_at, requests.c.number)).mappings())


def queue_counts(conn: Connection) -> dict[str, dict[str, int]]:
    """hospital → urgency → how many wait (the hospital as first typed)."""
    rows = conn.execute(
        select(requests.c.hospital_key, func.min(requests.c.hospital), requests.c.urgency, func.count())
        .where(requests.c.state == QUEUED).group_by(requests.c.hospital_key, requests.c.urgency)
    )
    found: dict[str, dict[str, int]] = {}
    for _key, name, level, count in rows:
        found.setdefault(name, {})[str(level)] = count
    return found


def most_urgent(conn: Connection, limit: int) -> list[RowMapping]:
    return list(conn.execute(select(requests).where(requests.c.state == QUEUED)
                             .order_by(requests.c.urgency, requests.c.requested_at, requests.c.number)
                             .limit(limit)).mappings())


def active_of(conn: Connection, building: str, room: str | None, limit: int) -> list[RowMapping]:
    """A household's (or with no room, a building's) requests not yet handed in, newest first."""
    statement = select(requests).where(requests.c.building == building, requests.c.state != HANDED_OFF)
    if room is not None:
        statement = statement.where(requests.c.room == room)
    return list(conn.execute(statement.order_by(requests.c.requested_at.desc(), requests.c.number.desc())
                             .limit(limit)).mappings())


def counts_by_state(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(select(requests.c.state, func.count()).group_by(requests.c.state)).all())


def queued_by_urgency(conn: Connection) -> dict[int, int]:
    return dict(conn.execute(select(requests.c.urgency, func.count()).where(requests.c.state == QUEUED)
                             .group_by(requests.c.urgency)).all())
