"""`lastmile dlq list|replay`: what a service could not handle, and sending it again."""

from __future__ import annotations

import asyncio
import sys
from fnmatch import fnmatch

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


def _filter(subject: str | None, error: str | None):
    def keep(letter: dead_letters.DeadLetter) -> bool:
        return ((subject is None or fnmatch(letter.subject, subject))
                and (error is None or error.lower() in letter.error.lower()))
    return keep


@app.command("list")
def list_(service: str = typer.Option(None, help="Only this service's dead letters."),
          json_lines: bool = typer.Option(False, "--json", help="One JSON object per line."),
          limit: int = typer.Option(100, min=0, help="At most this many per service (0: all)."),
          after: int = typer.Option(0, min=0, help="Only those after this sequence (the next page)."),
          subject: str = typer.Option(None, help="Only those of this original subject (* and ? match)."),
          error: str = typer.Option(None, help="Only those whose error contains this text.")) -> None:
    """List dead letters with their error, oldest first, a page at a time; the counts cover
    them all, and the last line says how to see the next page."""
    services = [service] if service else list(SERVICES)

    async def collect(js):
        pages = {}
        for name in services:
            try:
                pages[name] = await dead_letters.page_of_dead_letters(
                    js, name, after=after, limit=limit, keep=_filter(subject, error))
            except nats.js.errors.NotFoundError:
                continue
        return pages

    pages = asyncio.run(_with_js(collect))
    letters = [letter for page in pages.values() for letter in page.letters]
    summary = [_summary(name, page) for name, page in pages.items() if page.total]
    if json_lines:
        for letter in letters:
            print(dead_letters.as_json(letter))
        for line in summary:
            print(line, file=sys.stderr)
        return
    table = Table(title=f"{len(letters)} dead letter(s) shown")
    for column in ("ID", "service", "subject", "attempts", "error", "payload"):
        table.add_column(column)
    for letter in letters:
        preview = letter.preview()
        if letter.truncated_from is not None:
            preview = f"[first {len(letter.payload)} of {letter.truncated_from} bytes] {preview}"
        table.add_row(f"{letter.service}:{letter.seq}", letter.service, letter.subject,
                      str(letter.attempts), letter.error, preview)
    console.print(table)
    for line in summary:
        console.print(line, markup=False)


def _summary(service: str, page: dead_letters.Page) -> str:
    shown = f"{service}: {len(page.letters)} shown of {page.total} dead letter(s)"
    if page.more:
        return f"{shown}; more after {service}:{page.scanned_to}: --service {service} --after {page.scanned_to}"
    return f"{shown}; no more"


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
