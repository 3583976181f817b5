"""What the operators' commands (`lastmile holding`, `racks`, `groupbuy sheet`, `bulletin
show`, `medicine`, `audit`, `roster import`) share: one piece of work on a service's own store,
opened the way the service itself opens it (migrated to its latest revision first), and the
time as that system sees it.

A bad setting raises StartupError, which `lastmile` prints as one line (exit 2)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, TypeVar

from sqlalchemy import MetaData

from .clock import clock_from
from .run_clock import time_of
from .settings import ServiceSettings
from .store import Store

T = TypeVar("T")


def operator_now(settings: ServiceSettings) -> datetime:
    """The time as the system on this data folder sees it: the settings' clock if they name one,
    else the clock `lastmile up` recorded there (a day at LASTMILE_CLOCK_SPEED=600 runs ahead of
    the real time), else the real time."""
    if settings.clock_speed != 1.0 or settings.clock_origin or settings.clock_start:
        return clock_from(settings.clock_speed, settings.clock_origin, settings.clock_start).now()
    return time_of(settings.data_dir.resolve(), now=datetime.now(timezone.utc))


def open_service_store(settings: ServiceSettings, service: str, metadata: MetaData, migrations: Path) -> Store:
    store = Store(settings.database_url_for(service), schema=settings.schema_for(service), metadata=metadata,
                  migrations=migrations)
    try:
        store.migrate()
    except BaseException:
        store.close()
        raise
    return store


def on_service_store(settings: ServiceSettings, service: str, metadata: MetaData, migrations: Path,
                     work: Callable[..., T], *args: Any) -> T:
    """`work(conn, *args)` in one transaction on the service's store, which is then closed."""
    store = open_service_store(settings, service, metadata, migrations)
    try:
        return store.run_sync(work, *args)
    finally:
        store.close()
