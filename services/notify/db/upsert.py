"""Insert-or-ignore and insert-or-add on SQLite and PostgreSQL alike (one statement each).

Each statement is built once per (dialect, table, columns) with bind parameters and then only
executed: notify runs several of these per notice, and building a SQLAlchemy statement (and
its cache key) each time cost more than running it (py-spy under `lastmile bench`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table, bindparam
from sqlalchemy.dialects import sqlite


def _insert(dialect: str, table: Table, columns: tuple[str, ...]):
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql  # only a PostgreSQL store loads it (~2.5 MiB)

        insert = postgresql.insert(table)
    else:
        insert = sqlite.insert(table)
    return insert.values({c: bindparam(c, type_=table.c[c].type) for c in columns})


@lru_cache(maxsize=256)
def _insert_new(dialect: str, table: Table, columns: tuple[str, ...], key: tuple[str, ...]):
    # RETURNING, not rowcount: PostgreSQL's implicit RETURNING leaves rowcount at -1.
    return _insert(dialect, table, columns).on_conflict_do_nothing(index_elements=list(key)).returning(table.c[key[0]])


@lru_cache(maxsize=256)
def _insert_or_replace(dialect: str, table: Table, columns: tuple[str, ...], key: tuple[str, ...]):
    statement = _insert(dialect, table, columns)
    changed = {c: statement.excluded[c] for c in columns if c not in key}
    return statement.on_conflict_do_update(index_elements=list(key), set_=changed)


@lru_cache(maxsize=256)
def _insert_or_add(dialect: str, table: Table, columns: tuple[str, ...], key: tuple[str, ...], column: str):
    statement = _insert(dialect, table, columns)
    return statement.on_conflict_do_update(index_elements=list(key),
                                           set_={column: table.c[column] + statement.excluded[column]})


def insert_new(conn: Connection, table: Table, values: dict[str, Any], key: list[str]) -> bool:
    """Insert unless a row with the same key exists; True if inserted."""
    statement = _insert_new(conn.dialect.name, table, tuple(values), tuple(key))
    return conn.execute(statement, values).first() is not None


def insert_or_replace(conn: Connection, table: Table, values: dict[str, Any] | list[dict[str, Any]],
                      key: list[str]) -> None:
    """Insert or overwrite one row, or several (all with the same columns) in one statement."""
    columns = tuple(values[0] if isinstance(values, list) else values)
    conn.execute(_insert_or_replace(conn.dialect.name, table, columns, tuple(key)), values)


def insert_or_add(conn: Connection, table: Table, values: dict[str, Any], key: list[str], column: str) -> None:
    """Insert, or add `values[column]` to the existing row's column."""
    conn.execute(_insert_or_add(conn.dialect.name, table, tuple(values), tuple(key), column), values)
