"""`lastmile racks`: what waits on (or for) each building's rack, oldest first, with the
households still to pick up, reminders due and escalations.

Reads delivery's own store with delivery's settings, like the service itself would."""

from __future__ import annotations

from datetime import datetime

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Connection

from shared.runtime.operator import operator_now, on_service_store
from shared.runtime.settings import load_settings

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
    settings = load_settings(DeliverySettings)
    now = operator_now(settings)
    rows = on_service_store(settings, NAME, metadata, MIGRATIONS, rack_rows,
                            building.upper() if building else None, now, settings.tz)
    table = Table(title=f"racks · {now.astimezone(settings.tz):%Y-%m-%d %H:%M}")
    for column in ("rack", "item", "kind", "state", "slot", "waiting rooms", "racked", "on rack"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print(f"{len(rows)} item(s) not picked up")
