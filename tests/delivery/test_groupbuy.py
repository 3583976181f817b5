"""A group buy's delivery over a real NATS: released before or after its sheet, split into
one portion per building whose hand-out lists sum exactly to the sheet; each household
picks up its own line; a second delivery of the same buy is held back, not split twice."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from services.delivery.service import definition
from shared.runtime.clock import FixedClock
from tests.delivery import events
from tests.holding.tap import EventTap
from tests.support.services import publish_event, running
from tests.support.waiting import eventually

T0 = datetime(2022, 4, 10, 8, 0, tzinfo=timezone.utc)
SHEET = [("3", "101", "rice", 2), ("3", "101", "eggs", 30), ("3", "102", "rice", 1),
         ("5", "201", "eggs", 10), ("5", "201", "milk", 6), ("7", "701", "milk", 0)]


async def _handled(runtime, consumer: str) -> float:
    return runtime.metrics.registry.get_sample_value("lastmile_messages_handled_total", {"consumer": consumer}) or 0


def handed_out(planned: dict) -> Counter:
    found = Counter()
    for task in planned["tasks"]:
        for handout in task["handouts"]:
            for line in handout["lines"]:
                found[(task["building"], handout["room"], line["item"])] += line["qty"]
    return found


@pytest.mark.parametrize("sheet_first", [True, False], ids=["sheet-first", "release-first"])
async def test_portions_per_building_sum_to_the_sheet_in_either_order(js, delivery_settings, sheet_first):
    settings = delivery_settings()
    async with running(definition(settings), settings, js, clock=FixedClock(T0 + timedelta(hours=1))) as runtime:
        tap = await EventTap().start(js, "delivery")
        first, second = events.sheet("GB1", SHEET), events.released("A1", T0, kind="groupbuy", groupbuy="GB1")
        await publish_event(js, first if sheet_first else second)
        if sheet_first:  # the two come on different consumers: "first" means handled first
            await eventually(lambda: _handled(runtime, "delivery-vetting"), what="the sheet handled")
        else:
            waiting = (await tap.wait_for("delivery.awaiting_sheet", 1))[0]
            assert (waiting["arrival_id"], waiting["groupbuy_id"]) == ("A1", "GB1")
        await publish_event(js, second if sheet_first else first)
        planned = (await tap.wait_for("delivery.planned", 1))[0]

        assert [(t["item_id"], t["building"], t["rack"]) for t in planned["tasks"]] == [("D1", "3", "3"),
                                                                                        ("D2", "5", "5")]
        expected = Counter({(b, r, i): q for b, r, i, q in SHEET if q})
        assert handed_out(planned) == expected
        totals = Counter()
        for task in planned["tasks"]:
            totals.update({line["item"]: line["qty"] for line in task["totals"]})
        assert totals == Counter({"rice": 3, "eggs": 40, "milk": 6})
        assert planned["vendor_name"] == "Fresh Co" and planned["boxes"] == 4
        assert len(tap.data("delivery.awaiting_sheet")) == (0 if sheet_first else 1)
        await tap.stop()


async def test_each_household_picks_up_its_own_line_of_a_portion(js, delivery_settings):
    clock = FixedClock(T0)
    settings = delivery_settings()
    async with running(definition(settings), settings, js, clock=clock) as runtime:
        tap = await EventTap().start(js, "delivery")
        for payload in (*events.roster(), events.sheet("GB1", SHEET),
                        events.released("A1", T0, kind="groupbuy", groupbuy="GB1")):
            await publish_event(js, payload)
        await tap.wait_for("delivery.planned", 1)

        await publish_event(js, events.rack("A1", by="R7"))  # the whole delivery: name a portion
        refused = (await tap.wait_for("delivery.request_refused", 1))[0]
        assert (refused["reason"], refused["params"]["portions"]) == ("portion_required", "D1@3 D2@5")

        await publish_event(js, events.rack("D1", slot="shelf 2", by="R7"))
        notices = await tap.wait_for("item.racked", 3)  # R1, R2 (3-101) and R3 (3-102)
        lines = {n["person_id"]: {(x["item"], x["qty"]) for x in n["lines"]} for n in notices}
        assert lines == {"R1": {("rice", 2), ("eggs", 30)}, "R2": {("rice", 2), ("eggs", 30)}, "R3": {("rice", 1)}}

        await publish_event(js, events.picked("D1", by="R3"))
        first = (await tap.wait_for("item.picked_up", 1))[0]
        assert (first["room"], first["waiting_households"]) == ("102", 1)
        await publish_event(js, events.picked("D1", by="R4"))  # building 5 has no line in D1
        assert (await tap.wait_for("pickup.refused", 1))[0]["reason"] == "not_recipient"
        await publish_event(js, events.picked("D1", by="R1"))
        second = (await tap.wait_for("item.picked_up", 2))[1]
        assert (second["room"], second["waiting_households"]) == ("101", 0)

        await publish_event(js, events.released("A2", T0 + timedelta(hours=1), kind="groupbuy", groupbuy="GB1"))
        held = (await tap.wait_for("delivery.held_back", 1))[0]
        assert held["params"] == {"groupbuy": "GB1", "earlier_arrival": "A1"}
        assert len(tap.data("delivery.planned")) == 1

        registry = runtime.metrics.registry
        assert registry.get_sample_value("lastmile_delivery_items", {"state": "picked_up"}) == 1
        assert registry.get_sample_value("lastmile_delivery_items", {"state": "planned"}) == 1  # D2
        assert registry.get_sample_value("lastmile_delivery_items", {"state": "held_back"}) == 1
        await tap.stop()
