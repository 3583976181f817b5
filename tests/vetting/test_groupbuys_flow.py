"""Group buys over a real NATS: essentials, register before opening, closing, deadlines."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from shared.runtime.clock import FixedClock
from shared.runtime.tables import timers
from tests.vetting.helpers import vetting_events
from tests.vetting.helpers import (LATER, LEADER, NOW, actor, answer_to, close, decide, emitted, household,
                                   item, licences, open_buy, order, propose, register, send, status,
                                   vetting, vetting_settings)


async def test_each_proposal_rule_refuses_with_its_reason(js, settings_for):
    async with vetting(js, vetting_settings(settings_for)):
        no_food = register(name="Soap Co", licence_list=licences(food=None))
        await send(js, no_food, register(name="Rice Co"), decide("V1"))  # V1 waits for the committee
        await emitted(js, "vendor.approved", 2)
        cases = [
            (propose("V2", [item(), item("cake", "snacks", "20")]), "non_essential",
             {"item": "cake", "category": "snacks"}),
            (propose("V1", [item("cabbage", "vegetables", "3")]), "food_licence_missing",
             {"item": "cabbage", "category": "vegetables"}),
            (propose("V9"), "unknown_vendor", {"vendor": "V9"}),
            (propose("V2", deadline=NOW - timedelta(minutes=1)), "deadline_passed",
             {"deadline": (NOW - timedelta(minutes=1)).isoformat()}),
            (propose("V2", who=actor("r1", "resident")), "not_allowed", {"role": "resident"}),
        ]
        await send(js, *(request for request, _, _ in cases))
        for request, reason, params in cases:
            refused = await answer_to(js, request, "groupbuy.refused")
            assert (refused["reason"], refused["params"], refused["groupbuy_id"]) == (reason, params, None)
        soap = propose("V1", [item("soap", "hygiene_disinfection", "4")])
        await send(js, soap)
        assert (await answer_to(js, soap, "groupbuy.proposed"))["groupbuy_id"] == "GB1"


async def test_a_buy_opens_only_after_the_committee_approves_it(js, settings_for):
    async with vetting(js, vetting_settings(settings_for)):
        await send(js, register(name="Veg Farm", guaranteed=False))
        await emitted(js, "vendor.registered")
        await send(js, decide("V1"))
        await emitted(js, "vendor.approved")
        first, second = propose("V1", [item("cabbage", "vegetables", "3")]), propose("V1")
        await send(js, first, second)
        await emitted(js, "groupbuy.proposed", 2)
        early = order(household("1", "101"), "GB1", 2)
        await send(js, early)
        assert (await answer_to(js, early, "order.refused"))["params"] == {"groupbuy": "GB1", "status": "proposed"}
        await send(js, decide("GB1"), decide("GB2", "reject", reason="rice from the district depot"))
        opened = await emitted(js, "groupbuy.opened")
        refused = (await emitted(js, "groupbuy.refused"))[0].data
        now_open = order(household("1", "101"), "GB1", 2)
        await send(js, now_open)
        accepted = await answer_to(js, now_open, "order.accepted")
    assert [e.data["groupbuy_id"] for e in opened] == ["GB1"]
    assert (refused["groupbuy_id"], refused["reason"], refused["leader_id"]) == ("GB2", "rejected_by_committee", "leader1")
    assert accepted["qty"] == 2


async def test_a_buy_whose_vendor_was_suspended_before_approval_never_opens(js, settings_for):
    clock = FixedClock(NOW)
    settings = vetting_settings(settings_for)
    async with vetting(js, settings, clock):
        tomorrow = (NOW + timedelta(hours=1)).astimezone(settings.tz).date()
        await send(js, register(name="Veg Farm", guaranteed=False, licence_list=licences(food=tomorrow)))
        await emitted(js, "vendor.registered")
        await send(js, decide("V1"))
        await emitted(js, "vendor.approved")
        await send(js, propose("V1", [item("cabbage", "vegetables", "3")], deadline=NOW + timedelta(days=5)))
        await emitted(js, "groupbuy.proposed")
        clock.advance(days=2)
        await emitted(js, "vendor.suspended")
        approval = decide("GB1")
        await send(js, approval)
        refused = await answer_to(js, approval, "groupbuy.refused")
    assert refused["reason"] == "vendor_suspended"
    assert await vetting_events(js, "groupbuy.opened") == []


async def test_only_the_leader_or_committee_closes_and_orders_stop(js, settings_for):
    async with vetting(js, vetting_settings(settings_for)):
        groupbuy_id = await open_buy(js)
        other = close(groupbuy_id, who=actor("leader2", "group_leader"))
        await send(js, order(household("1", "101"), groupbuy_id, 3), other)
        refused = await answer_to(js, other, "request.refused")
        await send(js, close(groupbuy_id))
        closed = (await emitted(js, "groupbuy.closed"))[0].data
        sheet = (await emitted(js, "sheet.issued"))[0].data
        late, again = order(household("1", "102"), groupbuy_id, 1), close(groupbuy_id)
        await send(js, late, again)
        assert (await answer_to(js, late, "order.refused"))["reason"] == "groupbuy_not_open"
        assert (await answer_to(js, again, "request.refused"))["reason"] == "groupbuy_not_open"
    assert (refused["reason"], refused["request"]) == ("not_allowed", "groupbuy.close_requested")
    assert (closed["by"], closed["person_id"]) == ("leader", "leader1")
    assert sheet["totals"] == [{"item": "rice", "qty": 3, "price": "45.00"}]
    assert len(await vetting_events(js, "groupbuy.closed")) == 1


async def test_an_item_below_its_minimum_is_dropped_at_close_and_its_orderers_told(js, settings_for):
    async with vetting(js, vetting_settings(settings_for)):
        groupbuy_id = await open_buy(js, [item("rice", min_qty=3), item("oil", "grain_oil", "80", min_qty=5)])
        a, b = household("1", "101"), household("2", "201")
        first = order(a, groupbuy_id, 2, "rice")
        await send(js, first)
        assert (await answer_to(js, first, "order.accepted"))["remaining_to_min"] == 1
        rest = [order(b, groupbuy_id, 1, "rice"), order(a, groupbuy_id, 2, "oil"), order(b, groupbuy_id, 1, "OIL")]
        await send(js, *rest)
        assert [(await answer_to(js, r, "order.accepted"))["remaining_to_min"] for r in rest] == [0, 3, 2]
        await send(js, close(groupbuy_id))
        sheet = (await emitted(js, "sheet.issued"))[0].data
        closed = (await emitted(js, "groupbuy.closed"))[0].data
        dropped = await emitted(js, "order.cancelled", 2)
    assert closed["dropped_items"] == ["oil"]
    assert {(d.data["building"], d.data["room"], tuple(d.data["items"]), d.data["reason"], d.data["person_id"])
            for d in dropped} == {("1", "101", ("oil",), "missed_minimum", "p1-101"),
                                  ("2", "201", ("oil",), "missed_minimum", "p2-201")}
    assert sheet["lines"] == [{"building": "1", "room": "101", "item": "rice", "qty": 2},
                              {"building": "2", "room": "201", "item": "rice", "qty": 1}]
    assert sheet["totals"] == [{"item": "rice", "qty": 3, "price": "45.00"}]


async def test_a_deadline_passing_while_stopped_closes_the_buy_once_after_restart(js, settings_for):
    clock = FixedClock(NOW)
    settings = vetting_settings(settings_for)
    async with vetting(js, settings, clock):
        groupbuy_id = await open_buy(js)
        await send(js, order(household("1", "101"), groupbuy_id, 4))
        await emitted(js, "order.accepted")
    clock.set(LATER + timedelta(hours=3))
    async with vetting(js, settings, clock) as runtime:
        closed = (await emitted(js, "groupbuy.closed"))[0].data
        sheet = (await emitted(js, "sheet.issued"))[0].data
        left = runtime.store.run_sync(lambda conn: conn.execute(select(timers.c.kind)).scalars().all())
    async with vetting(js, settings, clock):
        asked = status(groupbuy_id, LEADER)
        await send(js, asked)  # a round trip: the restarted service has settled
        assert (await answer_to(js, asked, "status.reported"))["status"] == "closed"
    assert (closed["by"], closed["person_id"], closed["chat"]) == ("deadline", "leader1", None)
    assert sheet["totals"][0]["qty"] == 4
    assert "groupbuy.deadline" not in left
    assert len(await vetting_events(js, "groupbuy.closed")) == 1


async def test_status_shows_each_role_what_it_may_see(js, settings_for):
    async with vetting(js, vetting_settings(settings_for)):
        groupbuy_id = await open_buy(js, [item("rice", min_qty=10)])
        orders = [order(household("1", "101"), groupbuy_id, 2), order(household("1", "102"), groupbuy_id, 3),
                  order(household("2", "201"), groupbuy_id, 1)]
        await send(js, *orders)
        await emitted(js, "order.accepted", 3)
        admin = actor("admin1", "building_admin", "1", "100")
        asked = {who: status(groupbuy_id, actor_) for who, actor_ in
                 {"admin": admin, "leader": LEADER, "resident": household("2", "201"),
                  "committee": actor("com1", "committee")}.items()}
        await send(js, *asked.values())
        reports = {who: await answer_to(js, request, "status.reported") for who, request in asked.items()}
    seen = {who: report["details"] for who, report in reports.items()}
    admin_sees = reports["admin"]
    assert admin_sees["items"] == [{"name": "rice", "category": "grain_oil", "price": "45.00", "ordered": 6,
                                    "min_qty": 10, "remaining_to_min": 4, "name_en": None}]
    assert (admin_sees["scope"], admin_sees["totals"]) == ("building:1", [
        {"building": "1", "room": None, "item": "rice", "qty": 5}])
    assert [(line["room"], line["qty"]) for line in admin_sees["lines"]] == [("101", 2), ("102", 3)]
    assert reports["resident"]["totals"] == [] and len(reports["resident"]["lines"]) == 1
    progress = {"item.rice.price": "45.00", "item.rice.ordered": "6", "item.rice.min_qty": "10",
                "item.rice.remaining_to_min": "4"}
    for details in seen.values():
        assert {k: details[k] for k in progress} == progress
    tallies = {who: {k: v for k, v in d.items() if k.startswith(("building.", "line.", "scope"))}
               for who, d in seen.items()}
    assert tallies["admin"] == {"scope": "building:1", "building.1.rice": "5",
                                "line.1/101.rice": "2", "line.1/102.rice": "3"}
    assert tallies["leader"] == tallies["committee"] == {"scope": "all", "building.1.rice": "5",
                                                         "building.2.rice": "1"}
    assert tallies["resident"] == {"scope": "household:2/201", "line.2/201.rice": "1"}


async def test_status_of_a_vendor_and_of_what_is_not_ours(js, settings_for):
    async with vetting(js, vetting_settings(settings_for)):
        await open_buy(js)
        vendor, parcel, unknown = status("V1", LEADER), status("P45", LEADER), status("GB99", LEADER)
        await send(js, parcel, vendor, unknown)
        reported = await answer_to(js, vendor, "status.reported")
        refused = await answer_to(js, unknown, "request.refused")
        reports = await vetting_events(js, "status.reported")
    assert reported["status"] == "approved"
    assert reported["details"]["licence.food"] == "JY13100000001 valid through 2023-01-01"
    assert reported["details"]["open_groupbuys"] == "GB1"
    assert refused["reason"] == "unknown_groupbuy"
    assert len(reports) == 1  # P45 is delivery's: vetting stays silent
