"""`lastmile bulletin show [DATE]`: a posted daily bulletin as it went out — its figures,
the committee's lines and how far it got — for the committee to check or quote.

Reads notify's own store with notify's settings, like the service itself would."""

from __future__ import annotations

import json
from datetime import date
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Connection, func, select

from shared.runtime.operator import on_service_store
from shared.runtime.settings import load_settings

from .db import bulletins
from .domain import figures
from .render.texts import LANGUAGES, Texts
from .service import NAME
from .settings import NotifySettings
from .tables import MIGRATIONS, metadata, notices

app = typer.Typer(help="The daily bulletin (每日通报).", no_args_is_help=True)
console = Console()


def posted(conn: Connection, day: date | None) -> dict | None:
    """The bulletin of `day` (the latest if None) with its reach per notice state, or None."""
    row = bulletins.posted(conn, day) if day else bulletins.latest(conn)
    if row is None:
        return None
    reach = dict(conn.execute(select(notices.c.status, func.count()).where(notices.c.broadcast_id == row.broadcast_id)
                              .group_by(notices.c.status)).all())
    return {"day": row.day, "figures": json.loads(row.figures), "additions": json.loads(row.additions),
            "posted_at": row.posted_at, "broadcast_id": row.broadcast_id, "reach": reach}


@app.command("show")
def show(day: Optional[str] = typer.Argument(None, metavar="[DATE]", help="YYYY-MM-DD; the latest if left out"),
         language: Optional[str] = typer.Option(None, "--language", "-l", help="zh or en (default: notify's)")) -> None:
    """Show a posted bulletin: every figure, the committee's lines, and its reach."""
    settings = load_settings(NotifySettings)
    try:
        wanted = date.fromisoformat(day) if day else None
    except ValueError:
        console.print(f"[red]not a date:[/] {day} (YYYY-MM-DD)")
        raise typer.Exit(2) from None
    language = language if language in LANGUAGES else settings.notify_default_language
    found = on_service_store(settings, NAME, metadata, MIGRATIONS, posted, wanted)
    if found is None:
        console.print(f"no bulletin posted {'on ' + day if day else 'yet'}")
        raise typer.Exit(1)
    texts = Texts(settings.tz)
    table = Table(title=f"bulletin {found['day']} · posted {found['posted_at'].astimezone(settings.tz):%Y-%m-%d %H:%M}")
    table.add_column("figure")
    table.add_column("", justify="right")
    for name in figures.ALL:
        table.add_row(texts.word(language, "figures", name), str(found["figures"].get(name, 0)))
    console.print(table)
    for line in found["additions"]:
        console.print(f"- {line}", markup=False)
    reach = ", ".join(f"{state} {n}" for state, n in sorted(found["reach"].items())) or "no chat"
    console.print(f"{found['broadcast_id']}: {reach}")
