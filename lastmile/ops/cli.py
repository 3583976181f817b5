"""`lastmile deploy` and `lastmile docs`: rewrite the generated files (or, with --check,
only say which are out of date, exiting 1)."""

from __future__ import annotations

import typer
from rich.console import Console

from . import generated

console = Console()


def _run(group: str, check: bool) -> None:
    if check:
        old = generated.stale(group)
        for path in old:
            console.print(f"[red]out of date:[/] {path} (run `lastmile {group}`)")
        raise typer.Exit(1 if old else 0)
    for path in generated.write(group):
        console.print(f"wrote {path}")


def deploy(check: bool = typer.Option(False, "--check", help="Only report stale files.")) -> None:
    """Write docker-compose.yml, deploy/prometheus.yml, deploy/nats/nats.conf and the Grafana dashboard from the code."""
    _run("deploy", check)


def docs(check: bool = typer.Option(False, "--check", help="Only report a stale catalogue.")) -> None:
    """Write the event catalogue, docs/asyncapi.json (AsyncAPI 3.0), from the contracts."""
    _run("docs", check)
