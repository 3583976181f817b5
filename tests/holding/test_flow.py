"""holding over a real NATS and a real store: arrival → disinfection → hold → release,
extension, zone change, overdue alert, status and metrics; the clock is a FixedClock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from services.holding.service import definition
from shared.runtime.clock import FixedClock
from tests.holding import intents
from tests.holding.conftest import drained
from tests.holding.tap import EventTap
from tests.support.services import publish_event, running

T0 = datetime(2022, 4, 10, 8, 0, tzinfo=timezone.utc)


def by_id(events: list[dict]) -> dict[str, dict]:
    return {e["arrival_id"]: e for e in events}


def when(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def test_arrivals_are_held_then_released_once_with_what_delivery_needs(js, holding_settings):
    clock = FixedClock(T0)
    async with running(definition(holding_settings()), holding_settings(), js, clock=clock) as runtime:
        tap = await EventTap().start(js)
        for event in (intents.vendor_approved(), intents.groupbuy_opened()):
            await publish_event(js, event)
        await drained(js, "LM_VETTING", "holding-vetting")

        for request in (intents.arrival(boxes=12), intents.parcel(), intents.arrival(
                "medicine", groupbuy=None, boxes=None, building="7", room="302", note="insulin")):
            await publish_event(js, request)
        registered = by_id(await tap.wait_for("arrival.registered", 3))
        assert set(registered) == {"A1", "P1", "M1"}
        assert registered["A1"]["destination"] == {"kind": "groupbuy", "groupbuy_id": "GB1", "vendor_id": "V1",
                                                   "building": None, "room": None, "boxes": 12, "note": None,
                                                   "request_id": None}
        assert registered["P1"]["chat"]["chat_id"] == "gate" and registered["P1"]["language"] == "zh"

        clock.set(T0 + timedelta(minutes=10))
        for arrival_id in ("A1", "P1"):
            await publish_event(js, intents.disinfect(arrival_id))
        started = by_id(await tap.wait_for("hold.started", 2))
        assert when(started["A1"]["due_at"]) == T0 + timedelta(minutes=10, hours=2)
        assert tap.data("arrival.disinfected")[0]["by"] == "p-property"

        await publish_event(js, intents.extend("P1", hours=1.5, reason="wet box"))
        extended = (await tap.wait_for("hold.extended", 1))[0]
        assert when(extended["due_at"]) == T0 + timedelta(minutes=10, hours=3.5)

        clock.set(T0 + timedelta(minutes=40))  # M1 was never disinfected
        overdue = (await tap.wait_for("disinfection.overdue", 1))[0]
        assert overdue["arrival_id"] == "M1"

        clock.set(T0 + timedelta(hours=2, minutes=10))
        first = (await tap.wait_for("hold.released", 1))[0]
        clock.set(T0 + timedelta(hours=3, minutes=40))
        released = by_id(await tap.wait_for("hold.released", 2))
        assert first["arrival_id"] == "A1"
        assert released["P1"]["destination"]["building"] == "7" and released["P1"]["destination"]["room"] == "302"
        for item in released.values():
            assert when(item["released_at"]) >= when(item["due_at"])

        registry = runtime.metrics.registry
        assert registry.get_sample_value("lastmile_holding_items", {"state": "released"}) == 2
        assert registry.get_sample_value("lastmile_holding_items", {"state": "awaiting_disinfection"}) == 1
        assert registry.get_sample_value("lastmile_holding_disinfections_overdue_total") == 1
        assert registry.get_sample_value("lastmile_holding_hold_seconds_count") == 2
        await tap.stop()
    assert len(tap.data("hold.released")) == 2  # nothing more came, even while stopping


async def test_a_zone_change_applies_to_holds_started_after_it(js, holding_settings):
    clock = FixedClock(T0)
    async with running(definition(holding_settings()), holding_settings(), js, clock=clock):
        tap = await EventTap().start(js)
        for request in (intents.parcel(), intents.parcel(room="303")):
            await publish_event(js, request)
        await tap.wait_for("arrival.registered", 2)
        await publish_event(js, intents.disinfect("P1"))
        await tap.wait_for("hold.started", 1)
        await publish_event(js, intents.zone("precaution"))
        changed = (await tap.wait_for("zone.changed", 1))[0]
        assert (changed["previous"], changed["level"], changed["hold_hours"]) == ("sealed", "precaution", 1.0)
        await publish_event(js, intents.disinfect("P2"))
        started = by_id(await tap.wait_for("hold.started", 2))
        assert (started["P1"]["zone"], started["P1"]["hold_hours"]) == ("sealed", 2.0)
        assert (started["P2"]["zone"], started["P2"]["hold_hours"]) == ("precaution", 1.0)

        await publish_event(js, intents.status(role="guard"))
        report = (await tap.wait_for("gate.status_reported", 1))[0]
        assert report["zone"] == "precaution" and report["counts"]["held"] == 2
        assert [i["arrival_id"] for i in report["items"]] == ["P2", "P1"]  # soonest due first
        assert report["items"][0]["destination"]["note"] == "SF express"
        await publish_event(js, intents.status("p2", role="resident", home=("7", "303")))
        reports = await tap.wait_for("gate.status_reported", 2)
        assert reports[1]["target"] == "P2" and reports[1]["items"][0]["destination"]["note"] is None
        await publish_event(js, intents.status("p2", role="resident", home=("7", "302")))  # not theirs
        reports = await tap.wait_for("gate.status_reported", 3)
        assert reports[2]["target"] == "P2" and not reports[2]["found"] and reports[2]["items"] == []
        await tap.stop()
