"""Short human ids (R12, V3, GB12, A7, P45): one counter row per kind in the service's
store, bumped atomically inside the caller's transaction, so an id is never given twice
and a rolled-back transaction gives its number back."""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.dialects import sqlite

from .tables import id_counters


def next_number(conn: Connection, kind: str) -> int:
    """The next number of `kind`: 1, 2, 3, …"""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql as dialect  # only a PostgreSQL store loads it
    else:
        dialect = sqlite
    statement = (
        dialect.insert(id_counters).values(kind=kind, value=1)
        .on_conflict_do_update(index_elements=["kind"], set_={"value": id_counters.c.value + 1})
        .returning(id_counters.c.value)
    )
    return conn.execute(statement).scalar_one()


def next_id(conn: Connection, prefix: str) -> str:
    """`prefix` followed by its next number: `next_id(conn, "GB")` → `GB12`."""
    return f"{prefix}{next_number(conn, prefix)}"
