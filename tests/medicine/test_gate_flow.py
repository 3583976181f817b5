"""A bought request reaches the household's rack through the gate: medicine, holding and
delivery running together over a real NATS, each on its own store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from shared.contracts import intake
from shared.runtime.clock import FixedClock
from tests.holding.tap import EventTap
from tests.support.services import publish_event

from . import intents as i
from .stack import services

T0 = datetime(2022, 4, 10, 8, 0, tzinfo=timezone.utc)


def disinfect(ref: str) -> intake.DisinfectionRequested:
    return intake.DisinfectionRequested(actor=i.actor("R10"), chat=i.chat(), arrival_ref=ref, method="spray")


def rack(ref: str) -> intake.RackRequested:
    return intake.RackRequested(actor=i.actor("R7"), chat=i.chat(), item_ref=ref, slot="B2")


async def test_a_bought_request_goes_through_holding_and_delivery_to_the_households_rack(js, settings_for):
    clock = FixedClock(T0)
    async with services(js, settings_for, clock, ["medicine", "holding", "delivery"]) as running:
        medicine, holding, delivery = [await EventTap().start(js, s) for s in ("medicine", "holding", "delivery")]
        for person in i.roster():
            await publish_event(js, person)
        await publish_event(js, i.request("R1", "insulin", days_left=1, note="keep cold"))
        await publish_event(js, i.request("R3", "aspirin"))
        await medicine.wait_for("medicine.request_accepted", 2)
        await publish_event(js, i.run())
        (claimed,) = await medicine.wait_for("medicine.run_claimed", 1)
        assert [item["request_id"] for item in claimed["items"]] == ["MR1", "MR2"]
        await publish_event(js, i.bought("MR1"))
        await publish_event(js, i.unavailable("MR2", "none left"))
        await medicine.wait_for("medicine.unavailable", 1)
        await publish_event(js, i.handoff("HR1"))

        (handed,) = await medicine.wait_for("medicine.handed_off", 1)
        assert (handed["request_id"], handed["building"], handed["room"]) == ("MR1", "3", "101")
        (registered,) = await holding.wait_for("arrival.registered", 1)
        assert registered["arrival_id"] == "M1" and registered["person_id"] is None
        assert registered["destination"] == {"kind": "medicine", "groupbuy_id": None, "vendor_id": None,
                                             "building": "3", "room": "101", "boxes": None, "note": None,
                                             "request_id": "MR1"}
        await publish_event(js, disinfect("M1"))
        (hold,) = await holding.wait_for("hold.started", 1)
        clock.set(datetime.fromisoformat(hold["due_at"]) + timedelta(seconds=1))
        await holding.wait_for("hold.released", 1)
        (planned,) = await delivery.wait_for("delivery.planned", 1)
        assert planned["tasks"][0]["item_id"] == "M1" and planned["tasks"][0]["room"] == "101"
        await publish_event(js, rack("M1"))
        notices = await delivery.wait_for("item.racked", 2)
        assert {(n["person_id"], n["item_id"], n["kind"]) for n in notices} == {("R1", "M1", "medicine"),
                                                                              ("R2", "M1", "medicine")}
        assert all(n["note"] is None for n in notices)

        await publish_event(js, i.status("R1", "MR1"))
        (report,) = await medicine.wait_for("medicine.status_reported", 1)
        assert report["requests"][0]["state"] == "handed_off" and report["requests"][0]["arrival_id"] == "M1"
        assert report["requests"][0]["drug"] == "insulin"

        await publish_event(js, i.status("R7", "HR1"))  # the run's volunteer
        found = (await medicine.wait_for("medicine.status_reported", 2))[1]["requests"]
        assert {r["request_id"]: r["state"] for r in found} == {"MR1": "handed_off", "MR2": "unavailable"}
        registry = running["medicine"].metrics.registry
        assert registry.get_sample_value("lastmile_medicine_requests", {"state": "handed_off"}) == 1
        assert registry.get_sample_value("lastmile_medicine_requests", {"state": "unavailable"}) == 1
        assert registry.get_sample_value("lastmile_medicine_runs", {"state": "done"}) == 1
        for tap in (medicine, holding, delivery):
            await tap.stop()
