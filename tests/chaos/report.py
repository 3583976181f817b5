"""The chaos table: one row per fault (or group of faults in one run), printed at the end of
the pytest run: fault, load during it, messages in, effects out, lost, duplicated."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.table import Table


@dataclass
class Row:
    fault: str
    load: str
    messages_in: int
    effects_out: int
    lost: int
    duplicated: int
    note: str = ""


ROWS: list[Row] = []


def record(row: Row) -> Row:
    ROWS.append(row)
    return row


def render(rows: list[Row], title: str) -> str:
    table = Table(title=title)
    for column in ("fault", "load during it", "messages in", "effects out", "lost", "duplicated", "note"):
        table.add_column(column, justify="right" if column in ("messages in", "effects out", "lost",
                                                               "duplicated") else "left")
    for row in rows:
        table.add_row(row.fault, row.load, f"{row.messages_in:,}", f"{row.effects_out:,}", str(row.lost),
                      str(row.duplicated), row.note)
    console = Console(width=160, record=True, force_terminal=False)
    with console.capture() as captured:
        console.print(table)
    return captured.get()
