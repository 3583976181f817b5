"""Every store is built by alembic revisions, and those revisions make exactly the tables
the code declares: a service whose tables change without a migration (or a new
service without any) fails here, on SQLite and on PostgreSQL."""

from __future__ import annotations

import tomllib
from datetime import datetime, timezone
from fnmatch import fnmatch
from pathlib import Path

import pytest
from setuptools import find_packages
from sqlalchemy import Column, MetaData, String, inspect, insert, select

from lastmile.ops.inventory import services
from shared.runtime import migrate, partial_index  # noqa: F401  (the outbox's index: create_all below)
from shared.runtime.store import Store
from shared.runtime.tables import outbox, runtime_metadata
from tests.support.servers import project_root

SERVICES = services()


def _open(settings_for, name: str, definition) -> Store:
    settings = settings_for()
    return Store(settings.database_url_for(name), schema=settings.schema_for(name),
                 metadata=definition.metadata, migrations=definition.migrations)


@pytest.mark.parametrize("service", SERVICES, ids=[s.name for s in SERVICES])
def test_a_service_s_migrations_make_exactly_its_tables(settings_for, service):
    definition = service.definition()
    assert definition.metadata is not None and definition.metadata.tables, f"{service.name} has no tables?"
    assert definition.migrations is not None, (
        f"{service.name} has tables but no migrations: add services/{service.name}/migrations "
        "and ServiceDefinition(migrations=...) (docs/services.md, 'Adding a migration')")
    store = _open(settings_for, service.name, definition)
    try:
        store.migrate()
        with store.engine.connect() as conn:
            for line in store.lines:
                found = migrate.differences(conn, line)
                assert found == [], (
                    f"{line.name}'s tables differ from its migrations: {found}\n"
                    f"write a revision: lastmile db revision {line.name} -m 'what changed'")
                assert migrate.current(conn, line) == line.scripts().get_current_head()
    finally:
        store.close()


def test_the_check_sees_a_column_and_a_table_no_migration_made(settings_for):
    holding = next(s for s in SERVICES if s.name == "holding").definition()
    changed = MetaData()
    for table in holding.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["arrivals"].append_column(Column("colour", String(16)))
    changed.tables["refusals"].to_metadata(changed, name="refusals_archive")
    store = _open(settings_for, "holding", holding)
    try:
        store.migrate()
        with store.engine.connect() as conn:
            found = migrate.differences(conn, migrate.service_line(changed, holding.migrations))
    finally:
        store.close()
    assert {(op[0], op[2] if op[0] == "add_column" else op[1].name) for op in found} == {
        ("add_column", "arrivals"), ("add_table", "refusals_archive")}


def test_a_store_made_before_migrations_is_adopted_with_its_rows(settings_for):
    holding = next(s for s in SERVICES if s.name == "holding").definition()
    settings = settings_for()
    old = Store(settings.database_url_for("holding"), schema=settings.schema_for("holding"))
    with old.engine.begin() as conn:  # what Store.create_all did before migrations
        runtime_metadata.create_all(conn)
        # the tables of then, i.e. of revision 0001 (`residents` came with 0002)
        holding.metadata.create_all(conn, tables=[t for t in holding.metadata.sorted_tables if t.name != "residents"])
        conn.execute(insert(outbox).values(msg_id="m1", subject="lm.test.holding.x", payload=b"{}",
                                           created_at=datetime(2022, 4, 10, tzinfo=timezone.utc)))
    old.close()
    store = _open(settings_for, "holding", holding)
    try:
        store.migrate()
        with store.engine.connect() as conn:
            assert conn.execute(select(outbox.c.msg_id)).scalars().all() == ["m1"]
            for line in store.lines:
                assert migrate.current(conn, line) == line.scripts().get_current_head()
                assert migrate.differences(conn, line) == []
    finally:
        store.close()


def test_version_tables_live_in_the_service_s_own_schema(settings_for, database):
    url, schema = database
    if url is None:
        pytest.skip("PostgreSQL only: a SQLite store is its own file")
    holding = next(s for s in SERVICES if s.name == "holding").definition()
    store = _open(settings_for, "holding", holding)
    try:
        store.migrate()
        names = set(inspect(store.engine).get_table_names(schema=schema))
    finally:
        store.close()
    assert {"alembic_version", "alembic_version_runtime", "outbox", "arrivals"} <= names


def test_every_migration_is_shipped_in_the_package():
    """The revisions are modules of packages setuptools finds; alembic's template is package data."""
    root = project_root()
    config = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages = set(find_packages(str(root), include=config["packages"]["find"]["include"]))
    folders = [migrate.RUNTIME.versions] + [s.definition().migrations for s in SERVICES]
    for folder in folders:
        package = ".".join(Path(folder).relative_to(root).parts)
        assert package in packages, f"{folder} is not a package setuptools ships (needs __init__.py)"
        assert list(Path(folder).glob("0*.py")), f"{folder} has no revisions"
    data = config["package-data"]["shared.runtime.alembic_env"]
    assert any(fnmatch("script.py.mako", pattern) for pattern in data)


def test_two_processes_of_one_service_migrate_a_new_schema_once(settings_for, database):
    """On PostgreSQL the advisory lock makes the second wait, then find the store at head."""
    url, _ = database
    if url is None:
        pytest.skip("PostgreSQL only: a SQLite store's write lock already serialises this")
    from concurrent.futures import ThreadPoolExecutor

    holding = next(s for s in SERVICES if s.name == "holding").definition()
    stores = [_open(settings_for, "holding", holding) for _ in range(3)]
    try:
        with ThreadPoolExecutor(3) as pool:
            list(pool.map(lambda store: store.migrate(), stores))  # raises if any failed
        with stores[0].engine.connect() as conn:
            for line in stores[0].lines:
                assert migrate.current(conn, line) == line.scripts().get_current_head()
    finally:
        for store in stores:
            store.close()
