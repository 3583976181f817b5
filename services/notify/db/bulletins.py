"""Broadcasts, the committee's bulletin lines and the posted bulletins."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from shared.runtime.counters import next_number

from ..tables import broadcasts, bulletin_lines, bulletins


def new_broadcast(conn: Connection, *, kind: str, audience: str, by: str | None, now: datetime) -> str:
    broadcast_id = f"B{next_number(conn, 'B')}"
    conn.execute(insert(broadcasts).values(id=broadcast_id, kind=kind, audience=audience, requested_by=by,
                                           created_at=now))
    return broadcast_id


def get_broadcast(conn: Connection, broadcast_id: str) -> Row[Any] | None:
    return conn.execute(select(broadcasts).where(broadcasts.c.id == broadcast_id)).first()


def mark_reported(conn: Connection, broadcast_id: str, now: datetime) -> bool:
    """True the first time only: a broadcast is reported once."""
    return conn.execute(update(broadcasts).where(broadcasts.c.id == broadcast_id,
                                                 broadcasts.c.reported_at.is_(None))
                        .values(reported_at=now)).rowcount == 1


def add_line(conn: Connection, *, day: date, text: str, person_id: str, now: datetime) -> None:
    conn.execute(insert(bulletin_lines).values(day=day, text=text, person_id=person_id, added_at=now))


def lines_of(conn: Connection, day: date) -> list[str]:
    return list(conn.scalars(select(bulletin_lines.c.text).where(bulletin_lines.c.day == day)
                             .order_by(bulletin_lines.c.id)))


def posted(conn: Connection, day: date) -> Row[Any] | None:
    return conn.execute(select(bulletins).where(bulletins.c.day == day)).first()


def record_posted(conn: Connection, *, day: date, broadcast_id: str, figures: dict[str, int],
                  additions: list[str], now: datetime) -> None:
    conn.execute(insert(bulletins).values(day=day, broadcast_id=broadcast_id, figures=json.dumps(figures),
                                          additions=json.dumps(additions, ensure_ascii=False), posted_at=now))


def latest(conn: Connection) -> Row[Any] | None:
    return conn.execute(select(bulletins).order_by(bulletins.c.day.desc()).limit(1)).first()
