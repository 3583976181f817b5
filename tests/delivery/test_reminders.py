"""Reminders and escalation over a real NATS on a FixedClock, across restarts of the
service on the same store: at +4 h and +12 h after racking the household (and its proxy)
is reminded, at +24 h the building admin is told; a pickup stops everything."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from services.delivery.service import definition
from shared.runtime.clock import FixedClock
from shared.runtime.tables import timers
from tests.delivery import events
from tests.holding.tap import EventTap
from tests.support.services import provision_all, publish_event, running

T0 = datetime(2022, 4, 10, 8, 0, tzinfo=timezone.utc)


async def test_reminders_then_escalation_survive_restarts_and_stop_at_pickup(js, delivery_settings):
    settings = delivery_settings()
    clock = FixedClock(T0)
    await provision_all(js)
    tap = await EventTap().start(js, "delivery")
    async with running(definition(settings), settings, js, clock=clock):
        for payload in (*events.roster(), events.proxy("R1", "R4"), events.released("P1", T0),
                        events.released("P2", T0, room="102")):
            await publish_event(js, payload)
        await tap.wait_for("delivery.planned", 2)
        await publish_event(js, events.rack("P1", slot="A1"))
        await publish_event(js, events.rack("P2"))
        await tap.wait_for("rack.confirmed", 2)
        clock.set(T0 + timedelta(hours=2))
        await publish_event(js, events.picked("P2", by="R3"))  # P2 is collected: no reminders
        await tap.wait_for("item.picked_up", 1)

    clock.set(T0 + timedelta(hours=4))  # the service was down when the first reminder fell due
    async with running(definition(settings), settings, js, clock=clock):
        first = await tap.wait_for("reminder.due", 3)  # R1, R2 and their proxy R4
        assert {(r["person_id"], r["as_proxy"]) for r in first} == {("R1", False), ("R2", False), ("R4", True)}
        assert {(r["item_id"], r["number"], r["waiting_hours"], r["slot"]) for r in first} == {("P1", 1, 4.0, "A1")}
        clock.set(T0 + timedelta(hours=12))
        second = (await tap.wait_for("reminder.due", 6))[3:]
        assert {(r["number"], r["waiting_hours"]) for r in second} == {(2, 12.0)}
        clock.set(T0 + timedelta(hours=20))
        await publish_event(js, events.status("R9"))
        report = (await tap.wait_for("delivery.status_reported", 1))[0]
        assert report["counts"]["racked"] == 1 and not tap.data("item.escalated")

    clock.set(T0 + timedelta(hours=24, minutes=5))
    async with running(definition(settings), settings, js, clock=clock) as runtime:
        escalated = (await tap.wait_for("item.escalated", 1))[0]
        assert (escalated["person_id"], escalated["item_id"], escalated["rooms"]) == ("R8", "P1", ["101"])
        assert not escalated["to_committee"] and escalated["waiting_hours"] == 24.08
        registry = runtime.metrics.registry
        assert registry.get_sample_value("lastmile_delivery_items", {"state": "escalated"}) == 1

        await publish_event(js, events.picked("P1", by="R4"))  # the proxy finally takes it
        await tap.wait_for("item.picked_up", 2)
        left = runtime.store.run_sync(lambda c: c.execute(select(func.count()).select_from(timers)).scalar())
        assert left == 0  # the pickups cancelled every reminder: nothing more can fire
        assert registry.get_sample_value("lastmile_delivery_items", {"state": "picked_up"}) == 2

    assert [r["number"] for r in tap.data("reminder.due")] == [1, 1, 1, 2, 2, 2]
    assert len(tap.data("item.escalated")) == 1
    assert [r["item_id"] for r in tap.data("reminder.due")] == ["P1"] * 6
    await tap.stop()
