"""Fixtures: a real NATS server and real databases for the whole session."""

from __future__ import annotations

import uuid
from contextlib import ExitStack

import nats
import pytest
from sqlalchemy import create_engine, text

from shared.runtime.settings import ServiceSettings
from tests.support.servers import nats_for_tests, postgres_for_tests

_found: dict[str, str] = {}
_stack = ExitStack()


def pytest_sessionfinish(session, exitstatus):
    _stack.close()


def pytest_terminal_summary(terminalreporter):
    if _found:
        terminalreporter.section("lastmile test servers")
        for what, where in _found.items():
            terminalreporter.write_line(f"{what}: {where}")
        if _found.get("PostgreSQL", "").startswith("NOT TESTED"):
            terminalreporter.write_line(
                "PostgreSQL variants were skipped: set LASTMILE_TEST_DATABASE_URL to run them.",
                yellow=True, bold=True)


@pytest.fixture(scope="session")
def nats_url() -> str:
    url, how = _stack.enter_context(nats_for_tests())
    _found["NATS"] = f"{url} ({how})"
    return url


@pytest.fixture(scope="session")
def postgres_url() -> str | None:
    url, how = _stack.enter_context(postgres_for_tests())
    _found["PostgreSQL"] = f"{url} ({how})" if url else "NOT TESTED (no LASTMILE_TEST_DATABASE_URL, no Docker)"
    return url


OUR_STREAMS = ("LM_", "CHAT_")


@pytest.fixture
async def js(nats_url):
    """A JetStream context on the session's server, with lastmile's streams removed first
    so every test starts from an empty broker."""
    nc = await nats.connect(nats_url)
    context = nc.jetstream()
    for info in await context.streams_info():
        if info.config.name.startswith(OUR_STREAMS):
            await context.delete_stream(info.config.name)
    yield context
    await nc.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path, postgres_url):
    """(url, schema) of an empty store: SQLite in a temp folder, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield None, None
        return
    if not postgres_url:
        pytest.skip("PostgreSQL not given: set LASTMILE_TEST_DATABASE_URL (CI sets it)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    yield postgres_url, schema
    engine = create_engine(ServiceSettings(database_url=postgres_url).database_url)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def settings_for(nats_url, tmp_path, database):
    """Settings for an in-test service: fast retries, short waits, its own store."""
    url, schema = database

    def make(**overrides) -> ServiceSettings:
        values = dict(
            nats_url=nats_url, data_dir=tmp_path / "data", database_url=url, database_schema=schema,
            community="test", metrics_port=0, ack_wait=5, max_attempts=3, retry_delays=[0.2, 0.3],
            relay_interval=0.2, timer_interval=0.1,
        )
        values.update(overrides)
        return ServiceSettings(**values)

    return make
