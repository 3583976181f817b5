"""A store that is away under load: SQLite locked by another connection for longer than the
busy timeout, and PostgreSQL killing the service's connections (what a restart looks like to
a client). Messages are retried, never dead-lettered and never doubled; `lastmile_retries`
and `lastmile_store_unavailable` show it (and on SQLite `lastmile_store_lock_waits`: the
event loop never waited for that lock) (alert: see docs/runtime.md)."""

from __future__ import annotations

import sqlite3
import uuid

import psycopg
import pytest

from tests.support.waiting import eventually

from . import report
from .conftest import SCALE
from .probe_load import (CONSUMER, MAX_ATTEMPTS, all_counted, metric, probe_running, row, rows_counted, send,
                         settings)

pytestmark = [pytest.mark.chaos, pytest.mark.slow]

async def test_sqlite_locked_past_its_busy_timeout_retries_every_message(js, nats_url, tmp_path):
    labels = [f"busy-{i}" for i in range(SCALE.probe_messages)]
    async with probe_running(js, settings(nats_url, tmp_path, sqlite_busy_timeout=0.2)) as runtime:
        await send(js, labels[: len(labels) // 2])
        await all_counted(js, labels[: len(labels) // 2])
        locker = sqlite3.connect(tmp_path / "probe.db", isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")  # another writer holds the lock, far past 0.2 s
        try:
            await send(js, labels[len(labels) // 2:])

            async def every_message_past_its_attempts():
                # without the fix they would be dead letters by now: each was tried more
                # often than max_attempts
                retries = metric(runtime, "lastmile_retries_total", consumer=CONSUMER)
                dead = metric(runtime, "lastmile_dead_letters_total", consumer=CONSUMER)
                return dead or retries >= (len(labels) - len(labels) // 2) * MAX_ATTEMPTS

            await eventually(every_message_past_its_attempts, timeout=60, what="retries past max_attempts")
            while_away = runtime._health()  # nothing is answered: /health must not say ok
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        counted = await all_counted(js, labels)
        recovered = runtime._health()
        rows = rows_counted(runtime)
        retries = metric(runtime, "lastmile_retries_total", consumer=CONSUMER)
        away = metric(runtime, "lastmile_store_unavailable_total", consumer=CONSUMER)
        dead = metric(runtime, "lastmile_dead_letters_total", consumer=CONSUMER)
        waited = metric(runtime, "lastmile_store_lock_waits_total")
    report.record(row("SQLite write lock held past its 0.2 s busy timeout", labels, counted, rows,
                      f"{retries:.0f} retries, {away:.0f} batches found it locked"))
    assert dead == 0
    assert sorted(counted) == sorted(labels) and rows == len(labels)
    assert away >= 1
    assert while_away == {"nats": True, "store": True, "writable": False}
    assert recovered == {"nats": True, "store": True, "writable": True}
    assert waited >= 1  # the loop found the lock taken and left the waiting to the store's thread


@pytest.fixture
def pg_url(postgres_url):
    if not postgres_url:
        pytest.skip("POSTGRESQL STORE FAULT NOT TESTED: set LASTMILE_TEST_DATABASE_URL "
                    "(e.g. postgresql://postgres@127.0.0.1:5432/test)")
    return postgres_url


async def test_postgres_connections_killed_mid_transaction_are_retried(js, nats_url, tmp_path, pg_url):
    """The probe's transaction waits on a table lock the test holds; then every backend of
    the probe is terminated (pg_terminate_backend, as a server restart does). Its batch fails
    mid-transaction; it is retried on a fresh connection, once the store answers again."""
    app = f"lastmile-chaos-{uuid.uuid4().hex[:8]}"
    schema = f"t_{uuid.uuid4().hex[:12]}"
    base = pg_url.replace("postgresql+psycopg://", "postgresql://")
    url = f"{base}{'&' if '?' in base else '?'}application_name={app}"
    labels = [f"pg-{i}" for i in range(SCALE.probe_messages)]
    admin = psycopg.connect(base, autocommit=True)
    killed = 0
    try:
        async with probe_running(js, settings(nats_url, tmp_path, database_url=url, database_schema=schema)) as runtime:
            await send(js, labels[: len(labels) // 3])
            await all_counted(js, labels[: len(labels) // 3])
            for round_ in range(3):
                with psycopg.connect(base) as blocker:
                    blocker.execute(f'LOCK TABLE "{schema}".counts IN ACCESS EXCLUSIVE MODE')
                    chunk = labels[len(labels) // 3:][round_::3]
                    await send(js, chunk)

                    async def probe_waits_on_the_lock():
                        return admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s "
                                             "AND wait_event_type = 'Lock'", (app,)).fetchone()[0]

                    await eventually(probe_waits_on_the_lock, what="the probe's transaction waiting on the lock")
                    killed += admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                            "WHERE application_name = %s", (app,)).fetchone()[0]
            counted = await all_counted(js, labels)
            rows = rows_counted(runtime)
            retries = metric(runtime, "lastmile_retries_total", consumer=CONSUMER)
            away = metric(runtime, "lastmile_store_unavailable_total", consumer=CONSUMER)
            dead = metric(runtime, "lastmile_dead_letters_total", consumer=CONSUMER)
    finally:
        admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.close()
    report.record(row("PostgreSQL: the service's connections terminated mid-transaction ×3", labels, counted,
                      rows, f"{killed} backends killed, {retries:.0f} retries"))
    assert dead == 0
    assert sorted(counted) == sorted(labels) and rows == len(labels)
    assert retries >= 1 and away >= 1
