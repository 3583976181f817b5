"""`lastmile notices unreached`: every notice that reached nobody yet, for the committee to
follow up by phone or at the door (who it was for, why, since when, its first words).

Reads notify's own store with notify's settings, like the service itself would."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Connection

from shared.runtime.clock import clock_from
from shared.runtime.operator import on_service_store
from shared.runtime.settings import load_settings

from .db import waiting
from .handlers.unreached import lines
from .render.texts import LANGUAGES, Texts
from .service import NAME
from .settings import NotifySettings
from .tables import MIGRATIONS, metadata

app = typer.Typer(help="Notices that reached nobody (未送达的通知).", no_args_is_help=True)
console = Console()


def listed(conn: Connection, texts: Texts, language: str, now: datetime) -> list[dict]:
    return lines(conn, texts, language, waiting.unreached(conn, now))


@app.command("unreached")
def unreached(language: Optional[str] = typer.Option(None, "--language", "-l", help="zh or en (default: notify's)"),
              ) -> None:
    """List every notice still waiting for its person or group; exit 1 when there are some."""
    settings = load_settings(NotifySettings)
    language = language if language in LANGUAGES else settings.notify_default_language
    texts = Texts(settings.tz)
    now = clock_from(settings.clock_speed, settings.clock_origin, settings.clock_start).now()  # notify's clock
    found = on_service_store(settings, NAME, metadata, MIGRATIONS, listed, texts, language, now)
    if not found:
        console.print("no notice is waiting: every one reached its person or group")
        return
    table = Table(title=f"{len(found)} notices reached nobody yet")
    for column in ("since", "for", "why", "notice"):
        table.add_column(column)
    for line in found:
        why = texts.word(language, "unreached", line["reason"]) + (f": {line['error']}" if line["error"] else "")
        table.add_row(f"{line['at'].astimezone(settings.tz):%m-%d %H:%M}", line["who"], why, line["what"])
    console.print(table)
    raise typer.Exit(1)
