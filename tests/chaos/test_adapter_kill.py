"""SIGKILL of the webhook adapter while the day's chat flows through it: the platform POSTs
again what was not taken, the adapter POSTs out again what it had not acked (same
`Idempotency-Key`); afterwards every count equals the run without faults, every message
reached the platform, and none was a second, different message."""

from __future__ import annotations

import pytest

from tests.support.nats_nodes import nats_server
from tests.support.serving import serving

from . import report
from .checks import assert_same_day
from .conftest import SCALE, row_of
from .day import ChaosDay
from .webhook_chat import Platform, WebhookChat, adapter_for, kill_adapter

pytestmark = [pytest.mark.chaos, pytest.mark.slow, pytest.mark.timeout(SCALE.deadline * 4)]


async def test_sigkill_of_the_webhook_adapter_under_load(baseline, tmp_path):
    platform = Platform()
    with nats_server(tmp_path) as node:
        async with serving(platform.app) as platform_url:
            day = ChaosDay(tmp_path, [node.url], SCALE.households, deadline=SCALE.deadline)
            day.adapter = adapter_for(day, platform_url)
            day.make_chat = lambda nc, on_sent: WebhookChat(nc, on_sent, f"http://127.0.0.1:{day.adapter.port}")
            run = await day.run([kill_adapter(0.3), kill_adapter(0.7)], "SIGKILL webhook adapter ×2")
    row = row_of(run, baseline)
    row.note = f"{run.resent} POSTs in retried, {platform.posted_again} POSTed out again (same key)"
    report.record(row)
    assert_same_day(run, baseline)
    assert platform.delivered == run.tally.counts["chat.out"]  # every message reached the platform
