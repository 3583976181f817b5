"""`lastmile racks`: what waits on (or for) each building's rack, oldest first, with the
households still to pick up, reminders due and escalations.

Reads delivery's own store with delivery's settings, like the service itself would."""

from __future__ import annotations

from datetime import datetime

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Connection

from shared.runtime.clock import clock_from
from shared.runtime.errors import StartupError
from shared.runtime.settings import load_settings
from shared.runtime.store import Store

from .db import items as db
from .domain.reminders import waiting_hours
from .replies import waiting_rooms
from .service import NAME
from .settings import DeliverySettings
from .tables import MIGRATIONS, metadata

console = Console()


def rack_rows(conn: Connection, building: str | None, now: datetime, tz) -> list[list[str]]:
    rows = []
    for item in db.waiting(conn, building=building):
        rooms = waiting_rooms(db.handouts_of(conn, item["item_id"]))
        since = item["racked_at"]
        rows.append([
            item["building"], item["item_id"], item["kind"], item["state"], item["slot"] or "-",
            " ".join(rooms) if len(rooms) <= 6 else f"{len(rooms)} rooms",
            f"{since.astimezone(tz):%m-%d %H:%M}" if since else "-",
            f"{waiting_hours(since, now):g}h" if since else "-",
        ])
    return sorted(rows, key=lambda r: (r[0], r[6]))


def show(building: str | None = typer.Option(None, "--building", "-b", help="only this building's rack")) -> None:
    """Show what waits on each building's rack (and what is still to be carried there)."""
    try:
        settings = load_settings(DeliverySettings)
    except StartupError as exc:
        console.print(f"[red]delivery:[/] {exc}")
        raise typer.Exit(2) from None
    store = Store(settings.database_url_for(NAME), schema=settings.schema_for(NAME), metadata=metadata,
                  migrations=MIGRATIONS)
    now = clock_from(settings.clock_speed, settings.clock_origin, settings.clock_start).now()
    try:
        store.migrate()
        rows = store.run_sync(rack_rows, building.upper() if building else None, now, settings.tz)
    finally:
        store.close()
    table = Table(title=f"racks · {now.astimezone(settings.tz):%Y-%m-%d %H:%M}")
    for column in ("rack", "item", "kind", "state", "slot", "waiting rooms", "racked", "on rack"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print(f"{len(rows)} item(s) not picked up")
