"""SIGKILL of the holding process while items are held: after each restart every item is
released once, never before its due time. The processes share a ScaledClock (2 hours
pass in a few seconds) through LASTMILE_CLOCK_SPEED and LASTMILE_CLOCK_ORIGIN."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.holding import intents
from tests.holding.tap import EventTap
from tests.support.services import ServiceProcess, provision_all, publish_event, settings_env

SPEED = 1200  # two hours in six seconds
ITEMS = 6

pytestmark = pytest.mark.slow


async def test_held_items_survive_sigkill_and_are_released_once_not_early(js, holding_settings, tmp_path):
    env = settings_env(holding_settings())
    env.update(LASTMILE_CLOCK_SPEED=str(SPEED), LASTMILE_CLOCK_ORIGIN=datetime.now(timezone.utc).isoformat())
    await provision_all(js)
    tap = await EventTap().start(js)
    first = ServiceProcess("holding", env, tmp_path).start()
    try:
        for room in range(ITEMS):
            await publish_event(js, intents.parcel(room=str(room)))
        registered = await tap.wait_for("arrival.registered", ITEMS, timeout=20)
        for item in registered:
            await publish_event(js, intents.disinfect(item["arrival_id"]))
        started = {s["arrival_id"]: s for s in await tap.wait_for("hold.started", ITEMS, timeout=20)}
    finally:
        first.kill()

    second = ServiceProcess("holding", env, tmp_path).start()
    try:
        await tap.wait_for("hold.released", 1, timeout=30)
    finally:
        second.kill()  # again, now in the middle of releasing

    third = ServiceProcess("holding", env, tmp_path).start()
    try:
        await tap.wait_for("hold.released", ITEMS, timeout=30)
    finally:
        assert third.stop() == 0  # a clean stop publishes whatever is left in the outbox
    await tap.stop()

    released = tap.data("hold.released")
    assert sorted(r["arrival_id"] for r in released) == sorted(started)  # each once
    for item in released:
        due = datetime.fromisoformat(started[item["arrival_id"]]["due_at"])
        assert datetime.fromisoformat(item["due_at"]) == due
        assert datetime.fromisoformat(item["released_at"]) >= due
