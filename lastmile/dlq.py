"""`lastmile dlq list|replay`: what a service could not handle, and sending it again."""

from __future__ import annotations

import asyncio

import nats
import typer
from rich.console import Console
from rich.table import Table

from shared.contracts.streams import SERVICES
from shared.runtime import dead_letters
from shared.runtime.nats_client import connect_or_explain
from shared.runtime.settings import ServiceSettings, load_settings

app = typer.Typer(help="Dead letters: inspect and replay.", no_args_is_help=True)
console = Console()


async def _with_js(work):
    settings = load_settings(ServiceSettings)
    nc = await connect_or_explain(settings, name="lastmile-dlq")
    try:
        return await work(nc.jetstream())
    finally:
        await nc.close()


@app.command("list")
def list_(service: str = typer.Option(None, help="Only this service's dead letters."),
          json_lines: bool = typer.Option(False, "--json", help="One JSON object per line.")) -> None:
    """List dead letters with their error, newest last."""
    services = [service] if service else list(SERVICES)

    async def collect(js):
        letters = []
        for name in services:
            try:
                letters += await dead_letters.list_dead_letters(js, name)
            except nats.js.errors.NotFoundError:
                continue
        return letters

    letters = asyncio.run(_with_js(collect))
    if json_lines:
        for letter in letters:
            print(dead_letters.as_json(letter))
        return
    table = Table(title=f"{len(letters)} dead letter(s)")
    for column in ("ID", "service", "subject", "attempts", "error", "payload"):
        table.add_column(column)
    for letter in letters:
        preview = letter.preview()
        if letter.truncated_from is not None:
            preview = f"[first {len(letter.payload)} of {letter.truncated_from} bytes] {preview}"
        table.add_row(f"{letter.service}:{letter.seq}", letter.service, letter.subject,
                      str(letter.attempts), letter.error, preview)
    console.print(table)


@app.command("replay")
def replay(letter_id: str = typer.Argument(..., help="SERVICE:SEQ, as `lastmile dlq list` shows it.")) -> None:
    """Publish a dead letter again to its original subject (after the cause is fixed)."""
    service, _, seq = letter_id.partition(":")
    if not service or not seq.isdigit():
        raise typer.BadParameter("expected SERVICE:SEQ, e.g. vetting:12")
    try:
        subject = asyncio.run(_with_js(lambda js: dead_letters.replay(js, service, int(seq))))
    except dead_letters.NotReplayable as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"replayed {letter_id} to {subject}")
