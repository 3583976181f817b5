"""SIGKILL of every service under the day's load, and each restarted as supervisord would:
afterwards every count equals the run without faults, and nothing happened twice."""

from __future__ import annotations

import pytest

from shared.contracts.streams import SERVICES
from tests.support.nats_nodes import nats_server

from . import report
from .checks import assert_same_day, assert_whole_day
from .conftest import SCALE, row_of
from .day import ChaosDay, kill_service

pytestmark = [pytest.mark.chaos, pytest.mark.slow, pytest.mark.timeout(SCALE.deadline * 6)]


def plans() -> list[tuple[str, list]]:
    """Short: one run, the five services killed in turn across the load. Full: one run each."""
    if SCALE.one_run_per_fault:
        return [(f"SIGKILL {name}", [kill_service(name, 0.3)]) for name in SERVICES]
    spread = [kill_service(name, (i + 1) / (len(SERVICES) + 1)) for i, name in enumerate(SERVICES)]
    return [("SIGKILL " + ", ".join(SERVICES) + " in turn", spread)]


async def test_the_day_without_faults_is_whole(baseline):
    assert_whole_day(baseline)


@pytest.mark.parametrize("label,faults", plans(), ids=[label for label, _ in plans()])
async def test_sigkill_under_load_changes_nothing(label, faults, baseline, tmp_path):
    with nats_server(tmp_path) as node:
        run = await ChaosDay(tmp_path, [node.url], SCALE.households, deadline=SCALE.deadline).run(faults, label)
    report.record(row_of(run, baseline))
    assert_same_day(run, baseline)
