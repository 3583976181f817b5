"""A scrape's read of the store: never waits for a writer, never fails the scrape.

Found when the runtime's timer metrics (read at each scrape) met the chaos test's SQLite
lock: the scrape stalled behind the write lock, so /metrics could not show the outage."""

from __future__ import annotations

import sqlite3

from sqlalchemy import func, select, text

from shared.runtime.store import Store
from shared.runtime.tables import timers


def test_a_scrape_reads_while_another_writer_holds_the_lock(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}", schema="s", busy_timeout=0.2)
    store.migrate()
    locker = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        assert store.scrape(lambda c: c.execute(select(func.count()).select_from(timers)).scalar()) == 0
    finally:
        locker.execute("ROLLBACK")
        locker.close()
        store.close()


def test_a_store_that_cannot_answer_leaves_the_figures_out(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}", schema="s")
    store.migrate()
    try:
        assert store.scrape(lambda c: c.execute(text("SELECT * FROM no_such_table")).all()) is None
    finally:
        store.close()
