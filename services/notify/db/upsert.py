"""Insert-or-ignore and insert-or-add on SQLite and PostgreSQL alike (one statement each)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def _insert(conn: Connection, table: Table):
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


def insert_new(conn: Connection, table: Table, values: dict[str, Any], key: list[str]) -> bool:
    """Insert unless a row with the same key exists; True if inserted."""
    # RETURNING, not rowcount: PostgreSQL's implicit RETURNING leaves rowcount at -1.
    statement = (_insert(conn, table).values(**values).on_conflict_do_nothing(index_elements=key)
                 .returning(table.c[key[0]]))
    return conn.execute(statement).first() is not None


def insert_or_replace(conn: Connection, table: Table, values: dict[str, Any], key: list[str]) -> None:
    statement = _insert(conn, table).values(**values)
    changed = {k: statement.excluded[k] for k in values if k not in key}
    conn.execute(statement.on_conflict_do_update(index_elements=key, set_=changed))


def insert_or_add(conn: Connection, table: Table, values: dict[str, Any], key: list[str], column: str) -> None:
    """Insert, or add `values[column]` to the existing row's column."""
    statement = _insert(conn, table).values(**values)
    conn.execute(statement.on_conflict_do_update(
        index_elements=key, set_={column: table.c[column] + statement.excluded[column]}))
