"""The embedded NATS (store on disk) stopped under the day's load and started again on the
same port and store, and once killed outright: the services reconnect by themselves, every
count equals the run without faults, nothing happens twice."""

from __future__ import annotations

import pytest

from tests.support.nats_nodes import nats_server

from . import report
from .checks import assert_same_day
from .conftest import SCALE, row_of
from .day import ChaosDay, restart_nats

pytestmark = [pytest.mark.chaos, pytest.mark.slow, pytest.mark.timeout(SCALE.deadline * 4)]


@pytest.mark.parametrize("kill", [False, True], ids=["sigterm", "sigkill"])
async def test_nats_restart_under_load_changes_nothing(kill, baseline, tmp_path):
    with nats_server(tmp_path) as node:
        fault = restart_nats(node, 0.4, kill=kill)
        run = await ChaosDay(tmp_path, [node.url], SCALE.households, deadline=SCALE.deadline).run([fault], fault.name)
    report.record(row_of(run, baseline))
    assert_same_day(run, baseline)
