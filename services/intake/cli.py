"""intake's command: `lastmile roster import`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import typer
from rich.console import Console

from shared.runtime.settings import load_settings

from .roster.run import run_import
from .settings import IntakeSettings

roster_app = typer.Typer(help="The compound's roster: who lives where, and who does what.",
                         no_args_is_help=True)
console = Console(stderr=True)


@roster_app.command("import")
def import_(
    file: Path = typer.Argument(..., exists=True, dir_okay=False,
                                help="CSV: building,room,name,roles,language (docs/commands.md, Roster)"),
    codes_out: Path = typer.Option(..., "--codes-out", help="Where to write each person's one-time code."),
    valid_days: float = typer.Option(None, "--valid-days", min=0.01, max=366,
                                     help="How long the new codes work (default LASTMILE_CODE_VALID_DAYS, 14)."),
    reissue: bool = typer.Option(False, "--reissue",
                                 help="A fresh code for everyone (a lost codes file); unused ones stop working."),
) -> None:
    """Import the roster (all lines or none): people are updated in place, and whoever has no
    binding and no working code yet gets a one-time binding code."""
    settings = load_settings(IntakeSettings)
    result = run_import(settings, file, codes_out, timedelta(days=valid_days) if valid_days else None, reissue)
    for note in result.notes:
        console.print(f"[yellow]Note:[/yellow] {note}")
    if result.problems:
        console.print(f"[red]Nothing imported: {len(result.problems)} problem(s) in {file}[/red]")
        for problem in result.problems:
            console.print(f"  {problem}")
        raise typer.Exit(1)
    kept = len(result.issued) - len(result.codes)
    if not result.codes:
        console.print(f"Imported {len(result.issued)} people; no new codes: everyone is bound or holds a "
                      "working code (--reissue gives everyone a fresh one).")
        return
    console.print(f"Imported {len(result.issued)} people; {len(result.codes)} new code(s) written to {codes_out}, "
                  f"valid until {result.expires_at.astimezone(settings.tz):%Y-%m-%d %H:%M} "
                  "(hand each person theirs, then delete the file)"
                  + (f"; {kept} already bound or holding a working code keep it." if kept else "."))

