"""Property: whatever the disinfection times, extensions, zone changes and restarts, no
hold is released before it is due and none is released twice; every disinfected arrival
is released in the end. Driven on the real store with a FixedClock, without NATS."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.holding.service import definition
from services.holding.settings import HoldingSettings
from shared.runtime.clock import FixedClock
from tests.holding import intents
from tests.support.harness import StoreHarness

T0 = datetime(2022, 4, 10, 8, 0, tzinfo=timezone.utc)
HOURS = {"sealed": 2.0, "controlled": 2.0, "precaution": 1.0}

steps = st.lists(st.one_of(
    st.tuples(st.just("arrive"), st.sampled_from(["groupbuy", "parcel", "medicine"])),
    st.tuples(st.just("disinfect"), st.integers(0, 4)),
    st.tuples(st.just("extend"), st.integers(0, 4), st.sampled_from([0.25, 0.5, 1.0])),
    st.tuples(st.just("zone"), st.sampled_from(list(HOURS))),
    st.tuples(st.just("wait"), st.sampled_from([10, 30, 45, 60, 90])),  # minutes; due timers fire
    st.tuples(st.just("restart"), st.none()),
), min_size=5, max_size=40)


class Model:
    """What the test expects, kept apart from the service: due time per held arrival."""

    def __init__(self):
        self.ids: list[str] = []
        self.due: dict[str, datetime] = {}
        self.zone = "sealed"


def _check_releases(harness: StoreHarness, model: Model) -> set[str]:
    released = [e.data for e in harness.events("hold.released")]
    ids = [r["arrival_id"] for r in released]
    assert len(ids) == len(set(ids)), f"released twice: {ids}"
    for r in released:
        released_at = datetime.fromisoformat(r["released_at"])
        assert released_at >= model.due[r["arrival_id"]], f"{r['arrival_id']} released before due"
    return set(ids)


def _step(harness: StoreHarness, model: Model, step) -> None:
    action, arg, *rest = step
    now = harness.clock.now()
    if action == "arrive":
        payload = intents.arrival() if arg == "groupbuy" else intents.arrival(
            arg, groupbuy=None, boxes=None, building="3", room="101")
        harness.deliver(payload)
        model.ids.append(harness.events("arrival.registered")[-1].data["arrival_id"])
    elif action == "disinfect" and model.ids:
        arrival_id = model.ids[-1 - arg % len(model.ids)]  # recent arrivals most often
        harness.deliver(intents.disinfect(arrival_id))
        if arrival_id not in model.due:
            model.due[arrival_id] = now + timedelta(hours=HOURS[model.zone])
    elif action == "extend" and model.ids:
        arrival_id = model.ids[-1 - arg % len(model.ids)]
        already_released = arrival_id in {e.data["arrival_id"] for e in harness.events("hold.released")}
        harness.deliver(intents.extend(arrival_id, hours=rest[0]))
        if arrival_id in model.due and not already_released:
            model.due[arrival_id] += timedelta(hours=rest[0])
    elif action == "zone":
        harness.deliver(intents.zone(arg))
        model.zone = arg
    elif action == "wait":
        harness.clock.advance(minutes=arg)
        harness.fire_timers()
    elif action == "restart":
        harness.restart()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_no_release_before_due_and_none_twice(plan):
    with tempfile.TemporaryDirectory() as folder:
        holding = definition(HoldingSettings(community="test", initial_zone="sealed"))
        harness = StoreHarness(holding, f"sqlite:///{Path(folder) / 'holding.db'}", FixedClock(T0))
        try:
            harness.deliver(intents.vendor_approved())
            harness.deliver(intents.groupbuy_opened())
            model = Model()
            for step in plan:
                _step(harness, model, step)
                _check_releases(harness, model)
            harness.restart()
            for _ in range(6 * 60):  # then time goes on in 10-minute steps, up to 60 hours
                if _check_releases(harness, model) == set(model.due):
                    break
                harness.clock.advance(minutes=10)
                harness.fire_timers()
            assert _check_releases(harness, model) == set(model.due)
        finally:
            harness.close()
