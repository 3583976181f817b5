"""SIGKILL of every process under the day's load — each service, the webhook adapter the chat
flows through, the NATS server itself (its store on disk, started again on the same port) —
each started again at once, as supervisord would. Afterwards every count equals the run
without faults, nothing happened twice, and every message reached the chat platform.

Short scale: one run, everything killed in turn. Full scale: one run per fault (and NATS
stopped cleanly as well as killed)."""

from __future__ import annotations

from contextlib import AsyncExitStack

import pytest

from shared.contracts.streams import SERVICES
from tests.support.nats_nodes import nats_server
from tests.support.serving import serving

from . import report
from .checks import assert_same_day
from .conftest import SCALE, row_of
from .day import ChaosDay, kill_service, restart_nats
from .webhook_chat import Platform, WebhookChat, adapter_for, kill_adapter

pytestmark = [pytest.mark.chaos, pytest.mark.slow, pytest.mark.timeout(SCALE.deadline * 6)]


def in_turn(node) -> list:
    """The adapter first, while the first wave's POSTs are in flight; NATS last."""
    spread = [kill_service(name, (i + 2) / 10) for i, name in enumerate(SERVICES)]
    return [kill_adapter(0.1), *spread, restart_nats(node, 0.75, kill=True)]


# label → (through the webhook adapter?, the faults, given the NATS node)
PLANS = {
    "SIGKILL the webhook adapter, intake, vetting, holding, delivery, notify, NATS in turn": (True, in_turn),
} if not SCALE.one_run_per_fault else {
    **{f"SIGKILL {name}": (False, lambda node, name=name: [kill_service(name, 0.3)]) for name in SERVICES},
    "SIGKILL webhook adapter ×2": (True, lambda node: [kill_adapter(0.3), kill_adapter(0.7)]),
    "restart of NATS (SIGTERM, same port and store)": (False, lambda node: [restart_nats(node, 0.4)]),
    "SIGKILL of NATS (same port and store)": (False, lambda node: [restart_nats(node, 0.4, kill=True)]),
}


@pytest.mark.parametrize("label", list(PLANS))
async def test_sigkill_under_load_changes_nothing(label, baseline, tmp_path):
    via_webhook, faults = PLANS[label]
    platform = Platform()
    async with AsyncExitStack() as stack:
        node = stack.enter_context(nats_server(tmp_path))
        day = ChaosDay(tmp_path, [node.url], SCALE.households, deadline=SCALE.deadline)
        if via_webhook:
            platform_url = await stack.enter_async_context(serving(platform.app))
            day.adapter = adapter_for(day, platform_url)
            day.make_chat = lambda nc, on_sent: WebhookChat(nc, on_sent, f"http://127.0.0.1:{day.adapter.port}")
        run = await day.run(faults(node), label)
    row = row_of(run, baseline)
    if via_webhook:
        row.note = f"{run.resent} POSTs in retried, {platform.posted_again} POSTed out again (same key)"
    report.record(row)
    assert_same_day(run, baseline)
    if via_webhook:
        assert platform.delivered == run.tally.counts["chat.out"]  # every message reached the platform
