"""The chaos group: the scale, a run of the day without faults (what every faulty run must
equal), and the table of every fault printed at the end."""

from __future__ import annotations

import pytest

from . import report
from .day import ChaosDay, Run
from .scale import Scale, chaos_scale
from tests.support.nats_nodes import nats_server

SCALE = chaos_scale()


def pytest_terminal_summary(terminalreporter):
    if report.ROWS:
        terminalreporter.section(f"lastmile chaos ({SCALE.name}: LASTMILE_CHAOS_SCALE)")
        terminalreporter.write(report.render(report.ROWS, f"faults under load · scale {SCALE.name}"))


@pytest.fixture(scope="session")
def scale() -> Scale:
    return SCALE


def row_of(run: Run, baseline: Run | None) -> report.Row:
    lost, duplicated = run.tally.compare(baseline.tally if baseline else run.tally)
    load = f"{run.households} households, {run.sent:,} chat msgs in {run.seconds:.0f}s"
    note = f"{run.resent} publishes retried" if run.resent else ""
    return report.Row(run.fault, load, run.tally.messages_in, run.tally.effects, lost, duplicated, note)


@pytest.fixture(scope="session")
async def baseline(tmp_path_factory) -> Run:
    """The same day, same scale, no faults: the counts every faulty run must reproduce."""
    folder = tmp_path_factory.mktemp("chaos-baseline")
    with nats_server(folder) as node:
        run = await ChaosDay(folder, [node.url], SCALE.households, deadline=SCALE.deadline).run([], "none (baseline)")
    report.record(row_of(run, None))
    return run
