"""`lastmile holding`: what is in the gate area now, with its state and time left.

Reads holding's own store with holding's settings, like the service itself would."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.console import Console
from rich.table import Table
from sqlalchemy import RowMapping

from shared.runtime.operator import operator_now, on_service_store
from shared.runtime.settings import load_settings

from . import queries
from .domain import gate
from .service import NAME
from .settings import HoldingSettings
from .tables import MIGRATIONS, metadata

console = Console()


def _left(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60}h{minutes % 60:02d}m"


def time_left(row: RowMapping, now: datetime) -> str:
    """Until release when held; until (or past) the disinfection deadline when waiting."""
    if row["state"] == gate.HELD:
        return _left(max(row["due_at"] - now, timedelta()))
    if now > row["disinfect_by"]:
        return f"disinfection overdue {_left(now - row['disinfect_by'])}"
    return f"disinfect within {_left(row['disinfect_by'] - now)}"


def destination_text(row: RowMapping) -> str:
    if row["kind"] == "groupbuy":
        return f"{row['groupbuy_id']} · {row['boxes']} box(es)"
    return f"building {row['building']} room {row['room']}"


def gate_table(rows: list[RowMapping], *, zone: str, now: datetime, tz) -> Table:
    table = Table(title=f"gate area · zone {zone} · {now.astimezone(tz):%Y-%m-%d %H:%M}")
    for column in ("id", "kind", "for", "state", "due", "time left"):
        table.add_column(column)
    for row in rows:
        due = f"{row['due_at'].astimezone(tz):%H:%M}" if row["due_at"] else "-"
        table.add_row(row["arrival_id"], row["kind"], destination_text(row), row["state"], due, time_left(row, now))
    return table


def show() -> None:
    """Show what is in the gate area: awaiting disinfection or held, with time left."""
    settings = load_settings(HoldingSettings)
    rows, zone = on_service_store(settings, NAME, metadata, MIGRATIONS, lambda c: (
        queries.in_gate_area(c), queries.zone(c, settings.initial_zone)))
    now = operator_now(settings)
    console.print(gate_table(rows, zone=zone, now=now, tz=settings.tz))
    console.print(f"{len(rows)} item(s) in the gate area")
