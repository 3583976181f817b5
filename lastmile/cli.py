"""`lastmile`: run the system, and the operators' and committee's commands.

Each service contributes its own sub-commands from `services/<name>/cli.py`; they work on
that service's own store with that service's settings, like the service itself would.
"""

from __future__ import annotations

import typer
from rich.console import Console

from adapters.terminal import cli as terminal_cli
from services.delivery import cli as delivery_cli
from services.holding import cli as holding_cli
from services.intake import audit_cli
from services.intake import cli as intake_cli
from services.medicine import cli as medicine_cli
from services.notify import cli as notify_cli
from services.notify import notices_cli
from services.vetting import cli as vetting_cli
from shared.runtime.errors import StartupError

from . import dlq, runner
from .bench import cli as bench_cli
from .demo import cli as demo_cli
from .ops import cli as ops_cli
from .ops import db as db_cli

app = typer.Typer(help="lastmile: the back office behind a locked-down compound's chat groups.",
                  no_args_is_help=True, rich_markup_mode="rich")
app.command("up")(runner.up)
app.command("provision")(runner.provision)
app.add_typer(dlq.app, name="dlq")
app.command("bench")(bench_cli.bench)
app.command("demo")(demo_cli.demo)
app.command("deploy")(ops_cli.deploy)
app.command("docs")(ops_cli.docs)
app.add_typer(db_cli.app, name="db")
app.add_typer(intake_cli.roster_app, name="roster")
app.command("chat")(terminal_cli.chat)
app.command("audit")(audit_cli.show)
app.add_typer(vetting_cli.app, name="groupbuy")
app.command("holding")(holding_cli.show)
app.command("racks")(delivery_cli.show)
app.command("medicine")(medicine_cli.show)
app.add_typer(notify_cli.app, name="bulletin")
app.add_typer(notices_cli.app, name="notices")


def main() -> None:
    """A command that cannot start (a bad setting, no NATS) says so in one line, exit 2."""
    try:
        app()
    except StartupError as exc:
        Console(stderr=True, soft_wrap=True).print(f"[red]lastmile: {exc}[/red]", highlight=False)
        raise SystemExit(2) from None
