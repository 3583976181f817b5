"""A service's store: one SQLAlchemy engine (SQLite in WAL mode by default, PostgreSQL by
URL) and one worker thread that runs its transactions, so the event loop never blocks on
the database and writes from one process never contend with each other.

Nothing connects at import time; the engine is made when a Store is built.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, TypeVar

from sqlalchemy import Connection, Engine, MetaData, create_engine, event, make_url, text

from . import migrate
from .sqlite_on_loop import LoopTransactions, WriteLockTaken, begin, wrapped
from .store_errors import store_unavailable

T = TypeVar("T")
READ_ONLY = "lastmile_read_only"
# SQLite's own automatic checkpoint comes at 1,000 pages of log (~4 MiB); so does the store's.
WAL_LIMIT = 4 * 1024 * 1024
CHECKPOINT_GAP = 0.1  # seconds before trying again after a checkpoint a reader cut short
log = logging.getLogger("lastmile.store")


def _sqlite_engine(url: str, busy_timeout: float) -> Engine:
    path = make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # A service's store is small and the OS caches its file: 512 KiB of page cache per connection
    # (SQLite's default is 2 MiB) and 32 prepared statements (Python's is 128; a batch's IN lists
    # of each length are statements of their own) keep 3-5 MiB off each process under load.
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout,
                                              "cached_statements": 32})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # BEGIN is ours: _begins_immediate, sqlite_on_loop
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a commit survives the process dying; only an OS crash may lose
        # the last commits, and their messages are then redelivered by JetStream.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA cache_size=-512")  # KiB
        # A log that a burst made large is cut back to this once it starts afresh; its size
        # past this then tells the store a checkpoint is due (Store._checkpoint_if_due).
        cursor.execute(f"PRAGMA journal_size_limit={WAL_LIMIT}")
        cursor.close()

    return engine


def _begins_immediate(engine: Engine) -> Engine:
    """`engine`'s pool and dialect, with every transaction begun BEGIN IMMEDIATE: the write
    lock is taken up front, so there is no deadlock upgrading a read to a write. A read-only
    look (Store.scrape) begins deferred: in WAL mode it never waits for a writer. The event is
    on this copy only: the loop's own connection (sqlite_on_loop) begins by itself and its
    statements skip SQLAlchemy's event dispatch."""
    begun = engine.execution_options()

    @event.listens_for(begun, "begin")
    def _begin_immediate(conn):
        statement = "BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE"
        try:
            begin(conn.connection.driver_connection, statement)
        except sqlite3.Error as exc:
            raise wrapped(statement, exc, engine) from None

    return begun


def _postgres_engine(url: str, schema: str) -> Engine:
    import psycopg  # here, not at the top: ~10 MiB resident that a SQLite store never needs

    engine = create_engine(url, pool_pre_ping=True, pool_size=5)

    @event.listens_for(engine, "connect")
    def _search_path(dbapi_connection, _record):
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            dbapi_connection.commit()
        except (psycopg.errors.UniqueViolation, psycopg.errors.DuplicateSchema):
            # IF NOT EXISTS is not safe against a concurrent CREATE: a second process of
            # the same service starting at the same moment lost the race; the schema is there.
            dbapi_connection.rollback()
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f'SET search_path TO "{schema}"')
        dbapi_connection.commit()

    return engine


def make_engine(url: str, *, schema: str, busy_timeout: float = 30.0) -> Engine:
    if url.startswith("sqlite"):
        return _begins_immediate(_sqlite_engine(url, busy_timeout))
    return _postgres_engine(url, schema)


def _in_a_child(fn: Callable[[], None]) -> None:
    """Run `fn` in a forked child and wait for it; its error is raised here, in words."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        code = 0
        try:
            fn()
        except BaseException as exc:
            os.write(write, f"{type(exc).__name__}: {exc}".encode()[:60_000])
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        error = pipe.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    if status != 0:
        raise RuntimeError(error or f"the migrating process ended with status {status}")


class Store:
    """State, outbox, inbox and timers of one service, in one database.

    `migrations` is the service's folder of alembic revisions for `metadata`; without it
    (a test's or the benchmark's scratch service) its tables are simply created."""

    def __init__(self, url: str, *, schema: str, metadata: MetaData | None = None,
                 migrations: Path | None = None, busy_timeout: float = 30.0):
        self.url = url
        # On SQLite, transactions run on the event loop when the write lock is free
        # (sqlite_on_loop.py); on the worker thread when it is not, and always on PostgreSQL.
        self._on_loop: LoopTransactions | None = None
        self._wal: str | None = None
        if url.startswith("sqlite"):
            bare = _sqlite_engine(url, busy_timeout)
            self.engine = _begins_immediate(bare)
            self._on_loop = LoopTransactions(bare)
            path = make_url(url).database
            self._wal = f"{path}-wal" if path and path != ":memory:" else None
        else:
            self.engine = _postgres_engine(url, schema)
        self.metadata = metadata
        self.lines = [migrate.RUNTIME]
        if migrations is not None:
            if metadata is None:
                raise ValueError("migrations given without the metadata they migrate")
            self.lines.append(migrate.service_line(metadata, migrations))
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="store")  # its thread starts at first use
        # The worker's own connection, kept for the store's life on SQLite: a file has nothing
        # to reconnect to, and the pool's checkout and reset cost ~18 µs a transaction (several
        # per message). PostgreSQL checks one out per transaction: the pool's pre-ping finds a
        # server that restarted.
        self._keeps_connection = self.engine.dialect.name == "sqlite"
        self._worker_conn: Connection | None = None
        self._on_thread = 0  # transactions and checkpoints given to the worker and not done
        self._next_checkpoint = 0.0  # time.monotonic()
        self._closed = False
        self.refusing_writes = False  # the last transaction found the store away (see run)
        # Told of each transaction that found the write lock taken (by another connection) and
        # went to wait for it on the worker thread: a service counts them in its metrics.
        self.on_lock_wait: Callable[[], None] = lambda: None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # A service process sets this (shared/runtime/main.py); tests and tools migrate in-process.
    migrate_in_child = False

    def migrate(self) -> None:
        """Bring the runtime's and the service's tables to their latest revision.

        With `migrate_in_child`, in a short-lived forked child: alembic (and mako, pygments)
        is then never imported by the long-running service, ~10 MiB resident it would hold
        for its whole life after using it once. Nothing but the parent's code is shared:
        the child opens its own connections, and the parent raises the child's error."""
        if self.migrate_in_child and hasattr(os, "fork"):
            _in_a_child(self._migrate_here)
        else:
            self._migrate_here()

    def _migrate_here(self) -> None:
        if self.migrate_in_child:
            self.engine.dispose(close=False)  # SQLAlchemy's rule after a fork: own connections
        migrate.upgrade(self.engine, self.lines)
        if self.metadata is not None and len(self.lines) == 1:
            with self.engine.begin() as conn:
                self.metadata.create_all(conn)

    def scrape(self, fn: Callable[..., T], *args: Any) -> T | None:
        """A read for /metrics, from the scrape's thread: `fn(conn, *args)` in a read-only
        transaction that takes no write lock, or None (logged) if the store cannot answer now,
        so a locked or unreachable store leaves out those figures instead of failing or
        stalling the whole scrape, which must still show the store's own trouble."""
        try:
            with self.engine.connect() as conn:
                conn.execution_options(**{READ_ONLY: True})
                with conn.begin():
                    return fn(conn, *args)
        except Exception as exc:
            log.warning("metrics read from the store failed this scrape: %s", exc)
            return None

    def run_sync(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(conn, *args)` in one transaction, here and now (CLI, tests, set-up)."""
        with self.engine.begin() as conn:
            return fn(conn, *args)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(conn, *args)` in one transaction, and remember whether the store took it:
        a store that answers a read but refuses every write (a full disk) is away, and
        `/health` says so (`writable`)."""
        try:
            result = await self._run(fn, *args)
        except Exception as exc:
            if store_unavailable(exc):
                self.refusing_writes = True
            raise
        self.refusing_writes = False
        return result

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        """On SQLite, on the event loop itself while
        the write lock is free and the worker has nothing in hand (no thread hand-off, no GIL
        convoy: sqlite_on_loop.py), then the loop's other tasks get their turn before the
        caller goes on. When another connection holds the lock, while the worker runs a
        checkpoint or earlier transactions, and always on PostgreSQL: on the worker thread,
        in the order given."""
        if self._closed:
            raise RuntimeError("the store is closed")
        if self._on_loop is not None and not self._on_thread:
            try:
                result = self._on_loop.run(fn, *args)
            except WriteLockTaken:
                self.on_lock_wait()
            else:
                self._checkpoint_if_due()
                await asyncio.sleep(0)  # as fair as a thread hop: a caller in a loop never starves the others
                return result
        return await self.run_in_thread(fn, *args)

    async def run_in_thread(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(conn, *args)` in one transaction on the store's worker thread: for work long
        enough (a purge of old rows) that the event loop should not wait for it."""
        return await self._to_worker(self._run_on_worker, fn, *args)

    def _to_worker(self, job: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        """`job(*args)` on the worker thread; until it is done, the loop's transactions queue
        behind it there."""
        self._on_thread += 1
        future = asyncio.get_running_loop().run_in_executor(self._worker, job, *args)
        future.add_done_callback(self._worker_done)
        return future

    def _worker_done(self, _future: asyncio.Future) -> None:
        self._on_thread -= 1

    def _checkpoint_if_due(self) -> None:
        """Once the log passes WAL_LIMIT, copy it into the database file on the worker thread.
        The loop's transactions queue behind it there, so that it copies every frame: SQLite
        starts a log afresh (and cuts it back to the limit) only after a checkpoint that
        copied all of it, and a PASSIVE one beside a steady writer never does (the log grew
        by a gigabyte in ten seconds of writes)."""
        if self._wal is None or self._on_thread or time.monotonic() < self._next_checkpoint:
            return
        try:
            size = os.stat(self._wal).st_size
        except FileNotFoundError:
            return
        if size > WAL_LIMIT:
            self._to_worker(self._checkpoint_on_worker).add_done_callback(self._checkpoint_done)

    def _checkpoint_on_worker(self) -> bool:
        return self._on_loop.checkpoint()

    def _checkpoint_done(self, future: asyncio.Future) -> None:
        if future.cancelled():
            return
        if future.exception() is not None:
            log.warning("checkpoint of the store's log failed (tried again after the next write): %s",
                        future.exception())
        elif not future.result():
            # A reader elsewhere (an operator's command) kept part of the log from being copied:
            # not again for a while, rather than after every commit until it is done.
            self._next_checkpoint = time.monotonic() + CHECKPOINT_GAP

    def _run_on_worker(self, fn: Callable[..., T], *args: Any) -> T:
        if not self._keeps_connection:
            return self.run_sync(fn, *args)
        if self._worker_conn is None or self._worker_conn.closed:
            self._worker_conn = self.engine.connect()
        with self._worker_conn.begin():  # rolled back if fn raises; the connection stays
            return fn(self._worker_conn, *args)

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execution_options(**{READ_ONLY: True})  # a health check takes no write lock
                conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def close(self) -> None:
        self._closed = True
        self._worker.shutdown(wait=True)
        if self._on_loop is not None:
            self._on_loop.close()
        if self._worker_conn is not None:
            self._worker_conn.close()
            self._worker_conn = None
        self.engine.dispose()
