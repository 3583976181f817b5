"""On SQLite a store's transactions run on the event loop while the write lock is free; the
loop never waits for another process's lock, nor for a checkpoint's sync."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.exc import IntegrityError

from shared.runtime.store import CHECKPOINT_GAP, WAL_LIMIT, Store

metadata = MetaData()
rows = Table("rows", metadata, Column("id", Integer, primary_key=True), Column("body", String))

# Another process holding the store's write lock, as an operator's command does while it writes.
HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
"""


def _store(tmp_path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'loop.db'}", schema="loop", metadata=metadata, busy_timeout=10)
    store.migrate()
    return store


def _add(conn, body: str = "") -> None:
    conn.execute(insert(rows), {"body": body})


def _count(conn) -> int:
    return conn.execute(select(func.count()).select_from(rows)).scalar_one()


class Turns:
    """A task of the loop's own counting its turns: how often the loop let other tasks run."""

    def __init__(self, every: float):
        self.count = 0
        self._every = every

    async def __aenter__(self) -> "Turns":
        self._task = asyncio.create_task(self._run())
        await asyncio.sleep(0)  # its first turn
        return self

    async def __aexit__(self, *_exc) -> None:
        self._task.cancel()

    async def _run(self) -> None:
        while True:
            self.count += 1
            await asyncio.sleep(self._every)


async def test_a_lock_held_by_another_process_is_waited_for_off_the_loop(tmp_path):
    store = _store(tmp_path)
    waits = []
    store.on_lock_wait = lambda: waits.append(1)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "loop.db")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        async with Turns(every=0.01) as ticks:
            write = asyncio.create_task(store.run(_add))
            await asyncio.sleep(0.3)
        assert not write.done(), "the write went ahead while another process held the lock"
        assert ticks.count >= 10, f"the loop was held up while the lock was taken ({ticks.count} ticks in 0.3 s)"
        assert waits == [1]
        holder.stdin.write("\n")
        holder.stdin.flush()
        await asyncio.wait_for(write, 10)
        await store.run(_add)  # the lock is free again: on the loop, no wait counted
        assert waits == [1]
        assert store.run_sync(_count) == 2
    finally:
        holder.kill()
        holder.wait()
        store.close()


async def test_the_loop_s_connection_keeps_its_pragmas_to_itself(tmp_path):
    """Its busy timeout of 0 must never reach a connection that others use from the pool."""
    store = _store(tmp_path)
    try:
        assert await store.run(lambda conn: conn.exec_driver_sql("PRAGMA busy_timeout").scalar()) == 0
        store._on_loop.close()  # as when it is replaced after an error: closed, not pooled
        timeout = store.run_sync(lambda conn: conn.exec_driver_sql("PRAGMA busy_timeout").scalar())
        assert timeout == 10_000
    finally:
        store.close()


async def test_the_log_is_checkpointed_on_the_store_s_thread_and_stays_bounded(tmp_path, monkeypatch):
    """A steady writer on the loop: the log is copied into the database on the worker thread
    each time it passes WAL_LIMIT, and starts afresh, so it never grows with what is written."""
    store = _store(tmp_path)
    wal = tmp_path / "loop.db-wal"
    threads = []
    checkpoint = store._checkpoint_on_worker
    monkeypatch.setattr(store, "_checkpoint_on_worker", lambda: (threads.append(threading.get_ident()),
                                                                   checkpoint())[1])
    largest = 0
    try:
        assert await store.run(lambda conn: conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()) == 0
        for _ in range(150):  # ~30 MiB of rows, written back to back
            await store.run(lambda conn: conn.execute(insert(rows), [{"body": "x" * 1000}] * 200))
            largest = max(largest, wal.stat().st_size)
        assert threads and threading.get_ident() not in threads, "the loop checkpointed"
        assert largest < 2 * WAL_LIMIT, f"the log grew to {largest / 2**20:.0f} MiB"
        assert store.run_sync(_count) == 150 * 200
    finally:
        store.close()


async def test_a_reader_holding_the_log_does_not_set_off_a_checkpoint_per_commit(tmp_path, monkeypatch):
    """While another connection reads an old snapshot, no checkpoint can copy the whole log:
    the store tries again at most every CHECKPOINT_GAP, not after every commit."""
    store = _store(tmp_path)
    calls = []
    checkpoint = store._checkpoint_on_worker
    monkeypatch.setattr(store, "_checkpoint_on_worker", lambda: (calls.append(1), checkpoint())[1])
    reader = sqlite3.connect(tmp_path / "loop.db", isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM rows").fetchone()  # holds its snapshot
        started = time.monotonic()
        for _ in range(60):  # ~12 MiB: past WAL_LIMIT after a fifth of them
            await store.run(lambda conn: conn.execute(insert(rows), [{"body": "x" * 1000}] * 200))
        allowed = (time.monotonic() - started) / CHECKPOINT_GAP + 1
        assert 1 <= len(calls) <= allowed, f"{len(calls)} checkpoints for 60 commits"
    finally:
        reader.close()
        store.close()


async def test_a_commit_that_failed_does_not_block_the_next_transaction(tmp_path):
    """SQLAlchemy does not roll back after a failed COMMIT; SQLite's transaction stays open
    with the write lock, and every later BEGIN failed until something rolled it back."""
    store = Store(f"sqlite:///{tmp_path / 'fk.db'}", schema="fk", busy_timeout=1)
    store.run_sync(lambda conn: (conn.exec_driver_sql("CREATE TABLE parent (id INTEGER PRIMARY KEY)"),
                                 conn.exec_driver_sql("CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER "
                                                      "REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)")))
    try:
        with pytest.raises(IntegrityError):  # the deferred key is checked at COMMIT
            await store.run(lambda conn: conn.exec_driver_sql("INSERT INTO child (parent) VALUES (42)"))
        await store.run(lambda conn: conn.exec_driver_sql("INSERT INTO parent (id) VALUES (1)"))
        assert store.run_sync(lambda conn: conn.exec_driver_sql("SELECT count(*) FROM parent").scalar()) == 1
    finally:
        store.close()


async def test_the_health_check_takes_no_write_lock(tmp_path):
    store = _store(tmp_path)
    holder = sqlite3.connect(tmp_path / "loop.db", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # a writer elsewhere: a health check must still answer
        assert await asyncio.to_thread(store.ping)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        store.close()


async def test_a_closed_store_refuses_work(tmp_path):
    store = _store(tmp_path)
    store.close()
    with pytest.raises(RuntimeError, match="closed"):
        await store.run(_add)


async def test_a_caller_running_transactions_back_to_back_lets_the_loop_s_other_tasks_run(tmp_path):
    store = _store(tmp_path)
    try:
        async with Turns(every=0) as others:
            others.count = 0
            for _ in range(100):
                await store.run(_add)
            assert others.count >= 100
    finally:
        store.close()
