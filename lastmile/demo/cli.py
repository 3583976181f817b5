"""`lastmile demo`: play the lockdown day and watch it — the compound's clock, each phase as it
runs, the chat traffic — then a summary: every phase, and the evening bulletin's figures next to
what the script did."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from pathlib import Path

import typer
from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from .ledger import FIGURES
from .run import Played, play
from .stage import ZONE, PhaseRecord

console = Console()


class Display:
    """What `play` reports, as a live view (rich renders it several times a second)."""

    def __init__(self, households: int, speed: float):
        self.households, self.speed = households, speed
        self.started = time.perf_counter()
        self.setup = "importing the roster"
        self.current: tuple[str, str] | None = None
        self.work: dict = {}
        self.done: list[PhaseRecord] = []
        self.chat = None
        self.clock = None

    def report(self, kind: str, data: dict) -> None:
        if kind == "setup":
            self.setup = data["what"]
        elif kind == "live":
            self.chat, self.clock = data["chat"], data["clock"]
        elif kind == "phase":
            self.current, self.work = (data["at"].astimezone(ZONE).strftime("%H:%M"), data["title"]), {}
        elif kind == "work":
            self.work = data
        elif kind == "phase_done":
            self.done.append(data["record"])
            self.current = None

    def __rich__(self):
        clock = self.clock.now().astimezone(ZONE).strftime("%H:%M") if self.clock else "--:--"
        sent = len(self.chat.sent_at) if self.chat else 0
        received = len(self.chat.replies) if self.chat else 0
        head = Text.assemble(("🕘 ", ""), (clock, "bold cyan"), f"  compound clock ×{self.speed:g} · ",
                             (f"{sent:,}", "bold"), " messages into chat.in · ", (f"{received:,}", "bold"),
                             f" out of chat.out · {time.perf_counter() - self.started:.0f} s")
        table = Table.grid(padding=(0, 1))
        for record in self.done[-12:]:
            table.add_row(Text("✓", "green"), record.started_at.astimezone(ZONE).strftime("%H:%M"),
                          Text(record.title, "bold"), Text(record.note, "dim"))
        parts = [head, table]
        if self.current:
            at, title = self.current
            line = Table.grid(padding=(0, 1))
            what = self.work.get("what", "")
            total, done = self.work.get("total", 0), self.work.get("done", 0)
            line.add_row(Text("▶", "yellow"), at, Text(title, "bold yellow"),
                         ProgressBar(total=max(total, 1), completed=done, width=30) if total else Text(""),
                         Text(f"{done}/{total} {what}" if total else what, "dim"))
            parts.append(line)
        elif not self.done:
            parts.append(Text(f"… {self.setup}", "yellow"))
        return Panel(Group(*parts), title=f"lastmile demo · a lockdown day of {self.households} households")


def summary(played: Played) -> None:
    day = played.day
    phases = Table(title=f"The day, in {played.seconds:.0f} s of wall time")
    for column, justify in (("clock", "left"), ("phase", "left"), ("what happened", "left"),
                            ("in", "right"), ("out", "right"), ("s", "right")):
        phases.add_column(column, justify=justify)
    for r in day.phases:
        phases.add_row(r.started_at.astimezone(ZONE).strftime("%H:%M"), r.title, r.note,
                       f"{r.sent:,}", f"{r.received:,}", f"{r.seconds:.1f}")
    console.print(phases)
    for language, posted in day.bulletin.items():
        console.print(Panel(posted["text"], title=f"the bulletin as the {language} group chats read it",
                            expand=False))
    expected = day.ledger.expected()
    shown = day.bulletin.get("zh", {}).get("figures", {})
    figures = Table(title="The bulletin's figures against what the script did")
    for column in ("figure", "bulletin", "script", ""):
        figures.add_column(column, justify="right" if column in ("bulletin", "script") else "left")
    for name in FIGURES:
        ok = shown.get(name) == expected[name]
        figures.add_row(name, str(shown.get(name, "—")), str(expected[name]), Text("✓", "green") if ok else Text("✗", "red"))
    console.print(figures)
    languages = {"zh": 0, "en": 0}
    for person in played.compound.everyone:
        languages[person.language] += 1
    console.print(f"{len(played.compound.residents)} households in {len(played.compound.buildings)} buildings, "
                  f"{len(played.compound.everyone) - len(played.compound.residents)} staff · "
                  f"{languages['zh']} read Chinese, {languages['en']} English · "
                  f"{len(played.chat.sent_at):,} messages in, {len(played.chat.replies):,} out")
    if day.late:
        console.print(f"[yellow]The day ran late (its work went on until "
                      f"{day.late.astimezone(ZONE):%H:%M}, past the bulletin): try a lower --speed.[/]")


def demo(households: int = typer.Option(800, min=8, help="Households in the compound."),
         per_building: int = typer.Option(40, min=2, help="Households per building."),
         speed: float = typer.Option(900.0, min=1, help="How much faster the compound's clock runs (900: a day ≈ 1 min)."),
         keep: Path = typer.Option(None, help="Keep the stores, logs and roster in this folder (else a temporary one).")) -> None:
    """A whole lockdown day through the chat envelope, on the embedded runtime, in about a minute."""
    folder = keep or Path(tempfile.mkdtemp(prefix="lastmile-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    display = Display(households, speed)

    try:
        with Live(display, console=console, refresh_per_second=8, transient=False):
            played = asyncio.run(play(folder, households=households, per_building=per_building, speed=speed,
                                      report=display.report))
    except (TimeoutError, RuntimeError) as exc:
        console.print(f"[red]lastmile demo: {exc}[/]\nlogs in {folder / 'logs'}")
        raise typer.Exit(1) from None
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    summary(played)
    if played.day.late or played.day.bulletin.get("zh", {}).get("figures") != played.day.ledger.expected():
        raise typer.Exit(1)
