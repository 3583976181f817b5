"""SQLite transactions on the event loop itself, whenever the write lock is free.

Why not always on the store's worker thread: sqlite3 lets go of the GIL for every statement,
and the thread then waits to get it back until the loop blocks or the interpreter's switch
interval (5 ms) runs out; the loop, for its part, waits whenever it lets go (nats-py's
`publish_async` reads os.urandom for every message). Under load the two threads mostly wait
for each other: `lastmile bench`'s hop ran 27 % faster with its transactions on the loop.

What keeps the loop from waiting on the disk or on anyone else:
- its connection's busy timeout is 0: if another connection (an operator's command, a second
  copy of the service, the store's own thread) holds the write lock, BEGIN IMMEDIATE fails at
  once with `WriteLockTaken`, and the store runs that transaction on its worker thread
  instead, which waits for the lock as long as the store's busy timeout allows;
- it never checkpoints (`wal_autocheckpoint=0`): the fsyncs of a checkpoint are done on the
  worker thread (`Store`, once the log passes `WAL_LIMIT`). In WAL mode with synchronous=NORMAL
  a commit writes to the log and does not sync, so nothing else on the loop waits for the disk.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Callable, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

T = TypeVar("T")


class WriteLockTaken(Exception):
    """Another connection holds the store's write lock: run this transaction where it may wait."""


def wrapped(statement: str, error: sqlite3.Error, engine: Engine) -> DBAPIError:
    """`error` as SQLAlchemy would have wrapped it: a locked store is told apart by that
    (store_errors), whoever ran the statement."""
    return DBAPIError.instance(statement, None, error, sqlite3.Error, dialect=engine.dialect)


def _lock_taken(error: sqlite3.Error) -> bool:
    return getattr(error, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY


def _out_of_transaction(driver: sqlite3.Connection) -> None:
    """Roll back what a failed COMMIT left open: SQLAlchemy does not roll back after one, and
    the next BEGIN (or checkpoint) would fail, and keep failing."""
    if driver.in_transaction:
        driver.rollback()


def begin(driver: sqlite3.Connection, statement: str = "BEGIN IMMEDIATE") -> None:
    """BEGIN on the driver's own connection, out of any transaction left open."""
    _out_of_transaction(driver)
    driver.execute(statement)


class LoopTransactions:
    """One connection of the event loop's own, on an engine with no connection events
    (each one costs every statement ~4 µs in SQLAlchemy's dispatch), which begins its
    transactions itself. Only the loop's thread uses it, one transaction at a time: a
    transaction runs from start to commit without an await."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._conn: Connection | None = None
        self._driver: sqlite3.Connection | None = None

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(conn, *args)` in one transaction, or WriteLockTaken before anything ran."""
        conn = self._connection()
        with conn.begin():  # commits, or rolls back if fn raises
            try:
                begin(self._driver)
            except sqlite3.Error as exc:
                if _lock_taken(exc):
                    raise WriteLockTaken() from None
                raise wrapped("BEGIN IMMEDIATE", exc, self._engine) from None
            return fn(conn, *args)

    def checkpoint(self) -> bool:
        """A PASSIVE checkpoint on this connection, from the store's worker thread: the store
        calls it only while the loop's transactions queue on that thread, so this connection
        is never used by two threads at once, and no second connection (its own page cache and
        schema, ~0.5 MiB) is opened for it. True when it copied the whole log."""
        self._connection()  # opened, or replaced after an error
        _out_of_transaction(self._driver)
        _busy, logged, copied = self._driver.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return copied == logged  # all of it: the next write starts the log afresh

    def _connection(self) -> Connection:
        if self._conn is None or self._conn.closed or self._conn.invalidated:
            if self._conn is not None:
                self._conn.close()
            conn = self._engine.connect()
            driver = self._driver = conn.connection.driver_connection
            # Its own pragmas, so it must never go back to the pool for others to use.
            # (Detached, SQLAlchemy's `conn.connection.driver_connection` is None: use
            # `dbapi_connection`, the same object on sqlite3.)
            conn.detach()
            driver.execute("PRAGMA busy_timeout=0")
            driver.execute("PRAGMA wal_autocheckpoint=0")
            self._conn = conn
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
