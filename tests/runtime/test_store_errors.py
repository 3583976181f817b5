"""A store that is away (locked, full, restarting) is told apart from a handler that is
wrong: the first is retried for as long as it takes, the second ends as a dead letter."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from shared.runtime.store_errors import store_unavailable


def wrapped(original: Exception, invalidated: bool = False) -> DBAPIError:
    return DBAPIError.instance("SELECT 1", {}, original, psycopg.Error if isinstance(original, psycopg.Error)
                               else sqlite3.Error, connection_invalidated=invalidated)


def test_a_locked_sqlite_database_is_away(tmp_path):
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.05})
    try:
        with pytest.raises(OperationalError) as caught, engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
        assert store_unavailable(caught.value)
    finally:
        holder.execute("ROLLBACK")
        engine.dispose()


def test_a_mistake_in_sql_is_the_handler_s_fault(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(OperationalError) as caught, engine.begin() as conn:
        conn.execute(text("SELECT no_such_column FROM sqlite_master"))
    assert not store_unavailable(caught.value)
    engine.dispose()


@pytest.mark.parametrize("error,away", [
    (wrapped(sqlite3.OperationalError("database or disk is full")), True),
    (wrapped(psycopg.errors.AdminShutdown("terminating connection due to administrator command")), True),
    (wrapped(psycopg.OperationalError("connection refused")), True),
    (wrapped(psycopg.errors.UndefinedColumn("column x does not exist")), False),
    (wrapped(sqlite3.IntegrityError("UNIQUE constraint failed")), False),
    (wrapped(psycopg.InterfaceError("the connection is lost"), invalidated=True), True),
    (ValueError("a handler's bug"), False),
])
def test_which_errors_mean_the_store_is_away(error, away):
    assert store_unavailable(error) is away
