"""The bulletin's figures: counted as events arrive, one row per (day, figure)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, select, update

from ..tables import counts, sequences
from .upsert import insert_or_add


def add(conn: Connection, day: date, name: str, delta: int = 1) -> None:
    insert_or_add(conn, counts, {"day": day, "name": name, "value": delta}, ["day", "name"], "value")


def of_day(conn: Connection, day: date) -> dict[str, int]:
    return dict(conn.execute(select(counts.c.name, counts.c.value).where(counts.c.day == day)).all())


def next_number(conn: Connection, kind: str) -> int:
    """Per-kind counters behind short ids (B3 = the third broadcast)."""
    bumped = conn.execute(update(sequences).where(sequences.c.kind == kind)
                          .values(value=sequences.c.value + 1).returning(sequences.c.value)).scalar()
    if bumped is not None:
        return bumped
    conn.execute(sequences.insert().values(kind=kind, value=1))
    return 1
