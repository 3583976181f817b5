"""Vendors over a real NATS: licences, the guaranteed-supply policy, the committee, expiry."""

from __future__ import annotations

from datetime import date, datetime

from shared.runtime.clock import FixedClock
from tests.vetting.helpers import vetting_events
from tests.vetting.helpers import (COMMITTEE, LEADER, NOW, actor, answer_to, decide, emitted, item,
                                   licences, open_buy, propose, register, send, vetting, vetting_settings)
from services.vetting.settings import VettingSettings


async def test_a_guaranteed_vendor_with_complete_licences_is_approved_by_policy(js, settings_for):
    async with vetting(js, vetting_settings(settings_for)):
        request = register(COMMITTEE, "Shanghai Grain Supply", guaranteed=True)
        await send(js, request)
        approved = await answer_to(js, request, "vendor.approved")
        registered = await answer_to(js, request, "vendor.registered")
    assert approved["by"] == "policy" and approved["vendor_id"] == registered["vendor_id"] == "V1"
    assert [x["kind"] for x in registered["licences"]] == ["business", "food"]


async def test_without_a_food_licence_or_the_policy_the_committee_decides(js, settings_for):
    settings = vetting_settings(settings_for, auto_approve_guaranteed_vendors=False)
    async with vetting(js, settings):
        incomplete = register(COMMITTEE, "Soap Co", guaranteed=True, licence_list=licences(food=None))
        by_leader = register(LEADER, "Veg Farm", guaranteed=False)
        await send(js, incomplete, by_leader)
        await answer_to(js, by_leader, "vendor.registered")
        await send(js, decide("V2", who=actor("r1", "resident")), decide("V2"))
        approved = await emitted(js, "vendor.approved")
        refused = await emitted(js, "request.refused")
        assert [(e.data["vendor_id"], e.data["by"]) for e in approved] == [("V2", "committee")]
        assert (refused[0].data["reason"], refused[0].data["params"]) == ("not_allowed", {"role": "resident"})
        await send(js, decide("V2"))
        again = await emitted(js, "request.refused", 2)
    assert again[1].data["reason"] == "already_approved"


async def test_each_registration_rule_refuses_with_its_reason(js, settings_for):
    cases = {
        "no_business": (register(LEADER, guaranteed=False, licence_list=licences(business=None)),
                        "licence_missing", {"kind": "business"}),
        "expired": (register(LEADER, guaranteed=False, licence_list=licences(food=date(2022, 4, 9))),
                    "licence_expired", {"kind": "food", "expires_on": "2022-04-09"}),
        "flag": (register(LEADER, guaranteed=True), "guaranteed_committee_only", {}),
        "resident": (register(actor("r1", "resident"), guaranteed=False), "not_allowed", {"role": "resident"}),
    }
    async with vetting(js, vetting_settings(settings_for)):
        await send(js, *(request for request, _, _ in cases.values()))
        for request, reason, params in cases.values():
            refused = await answer_to(js, request, "vendor.refused")
            assert (refused["reason"], refused["params"]) == (reason, params)
    assert await vetting_events(js, "vendor.registered") == []


async def test_a_rejected_vendor_supplies_no_group_buy(js, settings_for):
    async with vetting(js, vetting_settings(settings_for)):
        await send(js, register(LEADER, guaranteed=False))
        await emitted(js, "vendor.registered")
        pending = propose("V1")
        await send(js, pending)
        assert (await answer_to(js, pending, "groupbuy.refused"))["params"] == {"status": "pending"}
        rejection = decide("v1", "reject", reason="no cold chain")
        await send(js, rejection)
        refused = await answer_to(js, rejection, "vendor.refused")
        assert (refused["reason"], refused["params"]) == ("rejected_by_committee", {"reason": "no cold chain"})
        after = propose("V1")
        await send(js, after)
        assert (await answer_to(js, after, "groupbuy.refused"))["reason"] == "vendor_not_approved"


async def test_a_licence_expiring_on_the_clock_suspends_warns_and_refuses(js, settings_for):
    clock = FixedClock(NOW)
    settings = vetting_settings(settings_for)
    async with vetting(js, settings, clock):
        vendor = register(COMMITTEE, "Dairy Co", licence_list=licences(food=date(2022, 4, 12)))
        await send(js, vendor)
        await answer_to(js, vendor, "vendor.approved")
        week = datetime(2022, 4, 17, tzinfo=settings.tz)
        proposal = propose("V1", [item("milk", "dairy", "6.00")], deadline=week)
        await send(js, proposal)
        groupbuy_id = (await answer_to(js, proposal, "groupbuy.approved"))["groupbuy_id"]

        clock.set(datetime(2022, 4, 12, 23, 59, tzinfo=settings.tz))
        early = propose("V1", [item("milk", "dairy", "6.00")], deadline=week)
        await send(js, early)
        await answer_to(js, early, "groupbuy.approved")  # still valid through the 12th

        clock.set(datetime(2022, 4, 13, 0, 0, tzinfo=settings.tz))
        suspended = (await emitted(js, "vendor.suspended"))[0].data
        warned = await emitted(js, "groupbuy.warned", 2)
        late = propose("V1", [item("soap", "hygiene_disinfection", "3.00")])
        await send(js, late)
        refused = await answer_to(js, late, "groupbuy.refused")
    assert (suspended["vendor_id"], suspended["licence_kind"], suspended["expired_on"]) == ("V1", "food", "2022-04-12")
    assert suspended["open_groupbuys"] == [groupbuy_id, "GB2"]
    assert {(w.data["groupbuy_id"], w.data["person_id"], w.data["reason"]) for w in warned} \
        == {(groupbuy_id, "leader1", "vendor_suspended"), ("GB2", "leader1", "vendor_suspended")}
    assert refused["reason"] == "vendor_suspended"
    assert len(await vetting_events(js, "vendor.suspended")) == 1


def test_categories_are_configuration(monkeypatch):
    monkeypatch.setenv("LASTMILE_ESSENTIAL_CATEGORIES",
                       '{"water": {"zh": "饮用水", "en": "Drinking water", "food": true}}')
    assert list(VettingSettings().essential_categories) == ["water"]


async def test_open_buy_helper_gives_an_open_buy(js, settings_for):
    async with vetting(js, vetting_settings(settings_for)):
        groupbuy_id = await open_buy(js)
        opened = await emitted(js, "groupbuy.opened", groupbuy_id=groupbuy_id)
    assert opened[0].data["vendor_name"].startswith("Vendor")
