"""delivery over a real NATS and a real store: released → planned → racked → notices →
picked up (by the household or its proxy; anyone else refused), and the metrics."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from services.delivery.service import definition
from shared.runtime.clock import FixedClock
from tests.delivery import events
from tests.holding.tap import EventTap
from tests.support.services import publish_event, running

T0 = datetime(2022, 4, 10, 8, 0, tzinfo=timezone.utc)


async def publish_all(js, payloads) -> None:
    for payload in payloads:
        await publish_event(js, payload)


async def test_a_parcel_goes_from_release_to_the_rack_to_its_household(js, delivery_settings):
    clock = FixedClock(T0 + timedelta(minutes=30))
    settings = delivery_settings()
    async with running(definition(settings), settings, js, clock=clock) as runtime:
        tap = await EventTap().start(js, "delivery")
        await publish_all(js, events.roster())
        await publish_event(js, events.released("P1", T0, note="SF express"))
        planned = (await tap.wait_for("delivery.planned", 1))[0]
        assert planned["tasks"] == [{"item_id": "P1", "kind": "parcel", "building": "3", "rack": "3",
                                     "room": "101", "handouts": [], "totals": []}]

        await publish_event(js, events.rack("p1", slot="B2"))
        confirmed = (await tap.wait_for("rack.confirmed", 1))[0]
        assert (confirmed["person_id"], confirmed["slot"], confirmed["notified"]) == ("R9", "B2", 2)
        notices = await tap.wait_for("item.racked", 2)
        assert {(n["person_id"], n["language"]) for n in notices} == {("R1", "zh"), ("R2", "en")}
        assert all(n["rack"] == "3" and n["room"] == "101" and n["note"] == "SF express" for n in notices)
        assert datetime.fromisoformat(notices[0]["racked_at"]) == T0 + timedelta(minutes=30)

        clock.advance(hours=1)
        await publish_event(js, events.picked("P1", by="R3"))  # a neighbour, not named by 3-101
        refused = (await tap.wait_for("pickup.refused", 1))[0]
        assert (refused["person_id"], refused["reason"]) == ("R3", "not_recipient")
        assert refused["chat"]["chat_id"] == "c1"

        await publish_event(js, events.picked("P1", by="R2"))
        picked = (await tap.wait_for("item.picked_up", 1))[0]
        assert (picked["picked_by"], picked["by_proxy"], picked["waiting_households"]) == ("R2", False, 0)
        assert picked["household"] == ["R1", "R2"] and picked["language"] == "en"
        await publish_event(js, events.picked("P1", by="R1"))
        again = (await tap.wait_for("pickup.refused", 2))[1]
        assert (again["reason"], again["params"]["room"]) == ("already_picked_up", "101")

        registry = runtime.metrics.registry
        assert registry.get_sample_value("lastmile_delivery_items", {"state": "picked_up"}) == 1
        assert registry.get_sample_value("lastmile_delivery_items", {"state": "racked"}) == 0
        assert registry.get_sample_value("lastmile_delivery_release_to_rack_seconds_sum") == 30 * 60
        assert registry.get_sample_value("lastmile_delivery_rack_to_pickup_seconds_sum") == 3600
        await tap.stop()


async def test_a_named_proxy_may_pick_up_and_the_household_is_told(js, delivery_settings):
    clock = FixedClock(T0)
    settings = delivery_settings()
    async with running(definition(settings), settings, js, clock=clock):
        tap = await EventTap().start(js, "delivery")
        await publish_all(js, events.roster())
        await publish_event(js, events.released("M1", T0, kind="medicine", building="3", room="102",
                                                note="insulin, 2 boxes"))
        await tap.wait_for("delivery.planned", 1)
        await publish_event(js, events.proxy("R3", "R4"))  # 3-102 names a neighbour from building 5
        named = (await tap.wait_for("proxy.named", 1))[0]
        assert (named["proxy_id"], named["building"], named["room"]) == ("R4", "3", "102")
        for wrong in (events.proxy("R3", "R3"), events.proxy("R3", "R99"), events.proxy("R3", "R8")):
            await publish_event(js, wrong)
        refusals = await tap.wait_for("delivery.request_refused", 3)
        assert [r["reason"] for r in refusals] == ["self_proxy", "unknown_person", "proxy_not_resident"]

        await publish_event(js, events.rack("M1", by="R7"))
        notices = await tap.wait_for("item.racked", 2)
        assert {(n["person_id"], n["as_proxy"]) for n in notices} == {("R3", False), ("R4", True)}
        assert all(n["note"] is None for n in notices)  # medicine notes stay in delivery

        await publish_event(js, events.picked("M1", by="R4"))
        picked = (await tap.wait_for("item.picked_up", 1))[0]
        assert (picked["picked_by"], picked["by_proxy"], picked["household"]) == ("R4", True, ["R3"])

        await publish_event(js, events.status("R3", "M1"))
        await publish_event(js, events.status("R1", "M1"))  # another household: not theirs to see
        reports = await tap.wait_for("delivery.status_reported", 2)
        assert reports[0]["found"] and reports[0]["items"][0]["state"] == "picked_up"
        assert not reports[1]["found"] and reports[1]["items"] == []
        await tap.stop()
