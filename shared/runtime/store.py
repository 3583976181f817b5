"""A service's store: one SQLAlchemy engine (SQLite in WAL mode by default, PostgreSQL by
URL) and one worker thread that runs its transactions, so the event loop never blocks on
the database and writes from one process never contend with each other.

Nothing connects at import time; the engine is made when a Store is built.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, TypeVar

from sqlalchemy import Engine, MetaData, create_engine, event, make_url, text

from .tables import runtime_registry

T = TypeVar("T")


def _sqlite_engine(url: str, busy_timeout: float) -> Engine:
    path = make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a commit survives the process dying; only an OS crash may lose
        # the last commits, and their messages are then redelivered by JetStream.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn):
        # Take the write lock up front: no deadlock upgrading a read to a write.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _postgres_engine(url: str, schema: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True, pool_size=5)

    @event.listens_for(engine, "connect")
    def _search_path(dbapi_connection, _record):
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            cursor.execute(f'SET search_path TO "{schema}"')
        dbapi_connection.commit()

    return engine


def make_engine(url: str, *, schema: str, busy_timeout: float = 30.0) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url, busy_timeout)
    return _postgres_engine(url, schema)


class Store:
    """State, outbox, inbox and timers of one service, in one database."""

    def __init__(self, url: str, *, schema: str, metadata: MetaData | None = None,
                 busy_timeout: float = 30.0):
        self.url = url
        self.engine = make_engine(url, schema=schema, busy_timeout=busy_timeout)
        self.metadatas = [runtime_registry.metadata] + ([metadata] if metadata is not None else [])
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="store")

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def create_all(self) -> None:
        with self.engine.begin() as conn:
            for metadata in self.metadatas:
                metadata.create_all(conn)

    def run_sync(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(conn, *args)` in one transaction, here and now (CLI, tests, set-up)."""
        with self.engine.begin() as conn:
            return fn(conn, *args)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(conn, *args)` in one transaction on the store's worker thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._worker, self.run_sync, fn, *args)

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def close(self) -> None:
        self._worker.shutdown(wait=True)
        self.engine.dispose()

