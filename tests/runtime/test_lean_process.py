"""A service process holds only what it uses: not nats-py's websocket transport (aiohttp,
~11 MiB resident) when its NATS URL is nats://, not psycopg on a SQLite store (~10 MiB), not
alembic once its store is migrated (~10 MiB, migrated in a child), not cryptography in medicine before it seals or opens a detail (~8 MiB), not pydantic-settings
or SQLAlchemy's PostgreSQL dialect on SQLite, and nothing that grows with the messages it handles (one JetStream context,
not one per relay round): the memory target is per process (docs/runtime.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from shared.runtime.settings import ServiceSettings

from tests.support.probe import publish, request
from tests.support.services import ServiceProcess, provision_all
from tests.support.waiting import eventually


def loaded_files(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


async def files_mapped_by(service: str, nats_url: str, js, folder: Path) -> str:
    """What a running service process has mapped (on a SQLite store), read once it is up."""
    await provision_all(js)
    env = {"LASTMILE_NATS_URL": nats_url, "LASTMILE_DATA_DIR": str(folder), "LASTMILE_COMMUNITY": "test"}
    running = ServiceProcess(service, env, folder).start()
    try:
        return loaded_files(running.proc.pid)
    finally:
        running.stop()


async def test_a_service_on_nats_url_does_not_load_aiohttp(nats_url, js, tmp_path):
    maps = await files_mapped_by("holding", nats_url, js, tmp_path)
    assert "_sqlite3" in maps  # it is up, on its store
    assert "/aiohttp/" not in maps
    assert "psycopg" not in maps  # its store is SQLite


async def test_medicine_loads_cryptography_only_when_it_seals_or_opens(nats_url, js, tmp_path):
    maps = await files_mapped_by("medicine", nats_url, js, tmp_path)
    assert "_sqlite3" in maps  # it is up, on its store
    assert "/cryptography/" not in maps
    from services.medicine.sealing import FieldCipher  # and the cipher still works, loading it then
    cipher = FieldCipher(None, tmp_path / "medicine.key")
    assert cipher.open(cipher.seal("insulin")) == "insulin"


DIALECT = """
import sys
from lastmile.ops.inventory import services
from shared.runtime.main import run_service
for s in services():
    s.definition()
print("sqlalchemy.dialects.postgresql" in sys.modules)
"""


def test_services_on_sqlite_do_not_import_the_postgresql_dialect():
    """SQLAlchemy's PostgreSQL dialect (~2.5 MiB) is for PostgreSQL stores (and alembic runs) only."""
    done = subprocess.run([sys.executable, "-c", DIALECT], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]


DEFERRED = """
from shared.contracts import all_events
from shared.contracts.intake import Actor
models = [spec.model for spec in all_events()]
print(sum(m.__pydantic_complete__ for m in models), len(models) > 50, end=" ")
Actor(person_id="p1", role="resident")
print(Actor.__pydantic_complete__)
"""


def test_event_models_are_built_at_first_use_not_at_import():
    """Every process imports every event model; building only those it uses saves ~1 MiB each."""
    done = subprocess.run([sys.executable, "-c", DEFERRED], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "True", "True"]


# A long-running process migrates in a child: afterwards its tables are at the head, and
# neither alembic nor its template engine was ever imported by the process itself. (SQLAlchemy's
# ORM is: the tables are SQLModel classes, issue 20; ~10 MiB, in the memory target.)
MIGRATE_IN_CHILD = """
import sys
from lastmile.ops.inventory import services
from shared.runtime.store import Store
from sqlalchemy import inspect
Store.migrate_in_child = True
holding = {s.name: s.definition() for s in services()}["holding"]  # every service's tables imported
store = Store(sys.argv[1], schema=sys.argv[2], metadata=holding.metadata, migrations=holding.migrations)
store.migrate()
with store.engine.connect() as conn:
    names = set(inspect(conn).get_table_names())
print(sorted({"outbox", "alembic_version", "alembic_version_runtime"} - names), "alembic" in sys.modules,
      "mako" in sys.modules)
"""


def test_a_store_migrated_in_a_child_is_at_head_and_alembic_stays_out(database, tmp_path):
    url, schema = database
    url = ServiceSettings(database_url=url).database_url if url else f"sqlite:///{tmp_path / 'holding.db'}"
    done = subprocess.run([sys.executable, "-c", MIGRATE_IN_CHILD, url, schema or "holding"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "False", "False"]


def test_a_failed_migration_in_a_child_is_raised_in_the_parent_with_its_reason(tmp_path):
    from shared.runtime.store import Store

    path = tmp_path / "holding.db"
    path.write_bytes(b"this is not a SQLite file" * 100)
    store = Store(f"sqlite:///{path}", schema="holding")
    store.migrate_in_child = True
    with pytest.raises(RuntimeError, match="not a database"):
        store.migrate()


async def test_relay_rounds_add_no_subscriptions(js, running_probe):
    """A JetStream context subscribes its own reply inbox at its first publish_async and nats-py
    never drops it: a context per relay round leaked a subscription a round (intake +1 MiB/s
    at 400 orders/s). Every round publishes on the runtime's one context."""

    async def counted(n: int):
        return (await js.stream_info("LM_PROBE")).state.messages >= n

    await publish(js, request("first"))
    await eventually(lambda: counted(1), what="the first event published")
    subscriptions = len(running_probe.nc._subs)
    for n in range(2, 7):  # one relay round each
        await publish(js, request(f"round {n}"))
        await eventually(lambda: counted(n), what=f"event {n} published")
    assert len(running_probe.nc._subs) == subscriptions
