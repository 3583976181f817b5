"""A NATS cluster of three servers on loopback, every stream with three replicas, the
services given all three URLs: one server is killed under load, then a second one restarted
(while the first is still down, so the streams lose their quorum for a moment), then the
first comes back. Nothing is lost, nothing doubled, and the services reconnect by themselves."""

from __future__ import annotations

import nats
import pytest

from tests.support.nats_nodes import nats_cluster, wait_jetstream

from . import report
from .checks import assert_same_day
from .conftest import SCALE, row_of
from .day import ChaosDay, kill_nats, restart_nats, start_nats

pytestmark = [pytest.mark.chaos, pytest.mark.slow, pytest.mark.timeout(SCALE.deadline * 4)]


async def test_three_servers_one_killed_then_another_restarted(baseline, tmp_path):
    with nats_cluster(tmp_path / "nats") as nodes:
        urls = [node.url for node in nodes]
        await wait_jetstream(urls, replicas=3)
        first, second, _ = nodes
        faults = [kill_nats(first, 0.25), restart_nats(second, 0.5), start_nats(first, 0.75)]
        day = ChaosDay(tmp_path, urls, SCALE.households, deadline=SCALE.deadline,
                       extra_env={"LASTMILE_STREAM_REPLICAS": "3"})
        run = await day.run(faults, "3-server cluster, R3: SIGKILL n1, restart n2, start n1")
        info = await stream_replicas(urls)
    row = row_of(run, baseline)
    reconnects = sum(log.read_text().count("NATS: reconnected") for log in (tmp_path / "logs").glob("*.log"))
    row.note = f"{row.note}, services reconnected {reconnects}×".lstrip(", ")
    report.record(row)
    assert info == 3
    assert_same_day(run, baseline)


async def stream_replicas(urls: list[str]) -> int:
    nc = await nats.connect(urls)
    try:
        return (await nc.jetstream().stream_info("LM_VETTING")).config.num_replicas
    finally:
        await nc.close()
