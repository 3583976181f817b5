"""`lastmile groupbuy …`: the group leader's commands on vetting's own store."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from shared.runtime.operator import on_service_store

from .domain.ids import normalise
from .service import NAME
from .settings import load
from .sheets import LINE_HEADER, TOTAL_HEADER, as_csv, read_sheet
from .tables import MIGRATIONS, metadata

app = typer.Typer(help="Group buys: order sheets for vendors.", no_args_is_help=True)
err = Console(stderr=True)


@app.command("sheet")
def sheet(groupbuy: str = typer.Argument(..., help="The group buy, e.g. GB12."),
          csv_out: bool = typer.Option(False, "--csv", help="CSV for the vendor instead of a table."),
          totals: bool = typer.Option(False, "--totals", help="One row per item instead of per room.")) -> None:
    """The order sheet of a group buy: per building and room (final once the buy is closed)."""
    settings = load()
    found = on_service_store(settings, NAME, metadata, MIGRATIONS, read_sheet, normalise(groupbuy))
    if found is None:
        err.print(f"[red]no group buy {normalise(groupbuy)}[/]")
        raise typer.Exit(1)
    if found.status != "closed":
        err.print(f"[yellow]{found.groupbuy_id} is {found.status}: this sheet may still change[/]")
    header, rows = (TOTAL_HEADER, found.totals()) if totals else (LINE_HEADER, found.rows())
    if csv_out:
        typer.echo(as_csv(header, rows), nl=False)
        return
    table = Table(title=f"{found.groupbuy_id} ({found.status})")
    for column in header:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    Console().print(table)
