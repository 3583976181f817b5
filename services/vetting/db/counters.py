"""Per-kind counters behind the short ids (V3, GB12)."""

from __future__ import annotations

from sqlalchemy import Connection, insert, update

from ..tables import counters


def next_number(conn: Connection, kind: str) -> int:
    bumped = conn.execute(
        update(counters).where(counters.c.kind == kind).values(value=counters.c.value + 1)
        .returning(counters.c.value)
    ).scalar()
    if bumped is not None:
        return bumped
    conn.execute(insert(counters).values(kind=kind, value=1))
    return 1
