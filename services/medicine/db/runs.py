"""Hospital runs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, RowMapping, func, insert, select, update

from ..tables import runs


def add(conn: Connection, **values: Any) -> None:
    conn.execute(insert(runs).values(**values))


def get(conn: Connection, run_id: str) -> RowMapping | None:
    return conn.execute(select(runs).where(runs.c.run_id == run_id)).mappings().first()


def change(conn: Connection, run_id: str, **values: Any) -> None:
    conn.execute(update(runs).where(runs.c.run_id == run_id).values(**values))


def counts_by_state(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(select(runs.c.state, func.count()).group_by(runs.c.state)).all())
