"""`lastmile audit [--since 2h|2022-04-10|2022-04-10T08:00] [--reason R] [--json]`: the
refused attempts intake recorded, oldest first. Reads intake's own store with intake's
settings, like the service itself would."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.table import Table

from shared.runtime.operator import operator_now, on_service_store
from shared.runtime.settings import load_settings

from . import audit
from .settings import IntakeSettings
from .tables import MIGRATIONS, metadata

console = Console()
RELATIVE = re.compile(r"^(\d+(?:\.\d+)?)([mhd])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_since(value: str, *, now: datetime, tz: ZoneInfo) -> datetime:
    """`30m`, `2h`, `7d` back from now; or a date / date-time, in the compound's zone
    unless it names its own offset."""
    relative = RELATIVE.match(value.strip())
    if relative:
        return now - timedelta(**{UNITS[relative.group(2)]: float(relative.group(1))})
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r}: expected 30m, 2h, 7d, YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    if len(value.strip()) == 10:
        moment = datetime.combine(date.fromisoformat(value.strip()), datetime.min.time())
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def audit_table(entries: list[audit.Entry], tz: ZoneInfo) -> Table:
    table = Table(title=f"{len(entries)} refused attempt(s)")
    for column in ("when", "platform", "sender", "person", "chat", "command", "reason", "note"):
        table.add_column(column)
    for e in entries:
        table.add_row(f"{e.at.astimezone(tz):%Y-%m-%d %H:%M:%S}", e.platform, e.sender_id, e.person_id or "-",
                      e.chat_type, e.command or "-", e.reason, e.note or "")
    return table


def show(
    since: str = typer.Option(None, "--since", help="30m, 2h, 7d, or a date / date-time (compound time)."),
    reason: str = typer.Option(None, "--reason", help="Only this reason (bad_code, bind_locked, wrong_role, …)."),
    json_lines: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Refused attempts (wrong codes, lockouts, wrong roles, strangers): who, what, when."""
    settings = load_settings(IntakeSettings)
    now = operator_now(settings)
    start = parse_since(since, now=now, tz=settings.tz) if since else None
    entries = on_service_store(settings, "intake", metadata, MIGRATIONS,
                               lambda c: audit.entries(c, since=start, reason=reason))
    if json_lines:
        for entry in entries:
            print(json.dumps(entry.as_dict(), ensure_ascii=False))
        return
    console.print(audit_table(entries, settings.tz))
