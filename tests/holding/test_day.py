"""An accelerated-clock day at the gate: 500 arrivals over the day, each disinfected,
the zone eased at midday; every arrival is released exactly once, none before its due."""

from __future__ import annotations

import asyncio

from datetime import datetime, timedelta, timezone

from services.holding.service import definition
from shared.runtime.clock import ScaledClock
from tests.holding import intents
from tests.holding.tap import EventTap
from tests.support.services import publish_event, running

SPEED = 7200  # a day in twelve seconds
WAVES, PER_WAVE = 5, 100  # a multiple of the batch size, published at once (see below)


def _request(n: int):
    if n % 5 == 0:
        return intents.arrival("medicine", groupbuy=None, boxes=None, building=str(n % 40), room="101")
    return intents.parcel(building=str(n % 40), room=str(100 + n % 7))


async def test_a_day_of_500_arrivals_releases_each_exactly_once(js, holding_settings):
    clock = ScaledClock(SPEED, origin=datetime.now(timezone.utc))
    # nats-py's fetch(n) waits its whole timeout (5 s) for a batch that trickles in and
    # does not fill: waves that are whole batches, published at once, keep this test fast.
    settings = holding_settings(timer_interval=0.05, batch_size=50)
    async with running(definition(settings), settings, js, clock=clock) as runtime:
        tap = await EventTap().start(js)
        for wave in range(WAVES):
            if wave == WAVES // 2:
                await publish_event(js, intents.zone("precaution"))
            await asyncio.gather(*(publish_event(js, _request(wave * PER_WAVE + n)) for n in range(PER_WAVE)))
            registered = await tap.wait_for("arrival.registered", (wave + 1) * PER_WAVE)
            await asyncio.gather(*(publish_event(js, intents.disinfect(item["arrival_id"]))
                                   for item in registered[wave * PER_WAVE:]))
        total = WAVES * PER_WAVE
        started = {s["arrival_id"]: s for s in await tap.wait_for("hold.started", total, timeout=30)}
        released = await tap.wait_for("hold.released", total, timeout=30)
        hold_count = runtime.metrics.registry.get_sample_value("lastmile_holding_hold_seconds_count")
    await tap.stop()

    assert len(started) == total
    assert sorted(r["arrival_id"] for r in released) == sorted(started)  # all, each once
    assert hold_count == total
    zones = set()
    for item in released:
        hold = started[item["arrival_id"]]
        zones.add(hold["zone"])
        assert datetime.fromisoformat(item["released_at"]) >= datetime.fromisoformat(hold["due_at"])
        held = datetime.fromisoformat(item["released_at"]) - datetime.fromisoformat(hold["disinfected_at"])
        assert held >= timedelta(hours=hold["hold_hours"])
    assert zones == {"sealed", "precaution"}
