"""Several services in one test, each on its own store (SQLite file, or its own PostgreSQL
schema dropped afterwards), all on one clock and the session's real NATS."""

from __future__ import annotations

import importlib
from contextlib import AsyncExitStack, asynccontextmanager

from sqlalchemy import create_engine, text

from lastmile.ops.inventory import Service
from tests.support.services import running


def own_settings(settings_for, service: str, **overrides):
    base = settings_for()
    cls = Service(service, 0).settings_class
    schema = f"{base.database_schema}_{service}" if base.database_schema else None
    return cls(**{**base.model_dump(), "database_schema": schema, **overrides})


@asynccontextmanager
async def services(js, settings_for, clock, names: list[str], overrides: dict[str, dict] | None = None):
    """{name: runtime} for each service in `names`, started in that order."""
    overrides = overrides or {}
    runtimes, made = {}, []
    try:
        async with AsyncExitStack() as stack:
            for name in names:
                settings = own_settings(settings_for, name, **overrides.get(name, {}))
                made.append(settings)
                build = importlib.import_module(f"services.{name}.service").definition
                runtimes[name] = await stack.enter_async_context(running(build(settings), settings, js, clock=clock))
            yield runtimes
    finally:
        for settings in made:
            if settings.database_schema:
                engine = create_engine(settings.database_url_for("x"))
                with engine.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA IF EXISTS "{settings.database_schema}" CASCADE'))
                engine.dispose()
