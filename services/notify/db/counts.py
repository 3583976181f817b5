"""The bulletin's figures: counted as events arrive, one row per (day, figure)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, select

from ..tables import counts
from .upsert import insert_or_add


def add(conn: Connection, day: date, name: str, delta: int = 1) -> None:
    insert_or_add(conn, counts, {"day": day, "name": name, "value": delta}, ["day", "name"], "value")


def of_day(conn: Connection, day: date) -> dict[str, int]:
    return dict(conn.execute(select(counts.c.name, counts.c.value).where(counts.c.day == day)).all())
