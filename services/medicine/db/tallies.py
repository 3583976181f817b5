"""Running totals of what no state row remembers (substitutes proposed and declined)."""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.dialects import sqlite

from ..tables import tallies


def bump(conn: Connection, name: str, delta: int = 1) -> None:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql as dialect  # only a PostgreSQL store loads it
    else:
        dialect = sqlite
    conn.execute(dialect.insert(tallies).values(name=name, value=delta)
                 .on_conflict_do_update(index_elements=["name"], set_={"value": tallies.c.value + delta}))


def all_tallies(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(select(tallies.c.name, tallies.c.value)).all())
