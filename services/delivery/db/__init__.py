"""delivery's data access: small functions over its tables (SQLAlchemy Core), one job each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, insert, update


def upsert(conn: Connection, table: Table, keys: dict[str, Any], values: dict[str, Any]) -> None:
    where = [table.c[name] == value for name, value in keys.items()]
    if not conn.execute(update(table).where(*where).values(**values)).rowcount:
        conn.execute(insert(table).values({**keys, **values}))
