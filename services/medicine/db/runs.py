"""Hospital runs."""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import Connection, RowMapping, func, insert, select, update

from ..tables import requests, runs

OPEN, DONE = "open", "done"


def add(conn: Connection, **values: Any) -> None:
    conn.execute(insert(runs).values(**values))


def get(conn: Connection, run_id: str) -> RowMapping | None:
    return conn.execute(select(runs).where(runs.c.run_id == run_id)).mappings().first()


def change(conn: Connection, run_id: str, **values: Any) -> None:
    conn.execute(update(runs).where(runs.c.run_id == run_id).values(**values))


def counts_by_state(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(select(runs.c.state, func.count()).group_by(runs.c.state)).all())


def finish_if_done(conn: Connection, run_id: str, done: Callable[[list[str]], bool]) -> None:
    """Mark the run done when `done(states of its requests)` says so."""
    states = [row[0] for row in conn.execute(select(requests.c.state).where(requests.c.run_id == run_id))]
    if done(states):
        conn.execute(update(runs).where(runs.c.run_id == run_id, runs.c.state == OPEN).values(state=DONE))
