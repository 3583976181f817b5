"""`lastmile`: run the system, and the operators' and committee's commands.

Each service contributes its own sub-commands from `services/<name>/cli.py`; they work on
that service's own store with that service's settings, like the service itself would.
"""

from __future__ import annotations

import typer

from services.holding import cli as holding

from . import dlq, runner

app = typer.Typer(help="lastmile: the back office behind a locked-down compound's chat groups.",
                  no_args_is_help=True, rich_markup_mode="rich")
app.command("up")(runner.up)
app.command("provision")(runner.provision)
app.add_typer(dlq.app, name="dlq")
app.command("holding")(holding.show)


def main() -> None:
    app()
