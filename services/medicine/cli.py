"""`lastmile medicine`: the triage queue and the requests by state, as counts.

An operator's view, so it shows no drug, dose or note (those are for the requester, the run's
volunteer and the committee, in chat) and needs no field key."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from shared.runtime.operator import on_service_store
from shared.runtime.settings import load_settings

from .db import requests, runs
from .domain.requests import STATES
from .domain.triage import LEVELS
from .service import NAME
from .settings import MedicineSettings
from .tables import MIGRATIONS, metadata

console = Console()


def queue_table(queue: dict[str, dict[str, int]]) -> Table:
    table = Table(title="medicine queue · waiting requests per hospital and urgency")
    table.add_column("hospital")
    for level in LEVELS:
        table.add_column(str(level), justify="right")
    for hospital, levels in sorted(queue.items()):
        table.add_row(hospital, *(str(levels.get(str(level), 0)) for level in LEVELS))
    return table


def show() -> None:
    """Show the triage queue (per hospital and urgency) and how many requests and runs are in each state."""
    settings = load_settings(MedicineSettings)
    queue, states, run_states = on_service_store(settings, NAME, metadata, MIGRATIONS, lambda c: (
        requests.queue_counts(c), requests.counts_by_state(c), runs.counts_by_state(c)))
    console.print(queue_table(queue))
    console.print("requests: " + ", ".join(f"{state} {states.get(state, 0)}" for state in STATES))
    console.print("runs: " + ", ".join(f"{state} {run_states.get(state, 0)}" for state in (runs.OPEN, runs.DONE)))
