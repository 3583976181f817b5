"""holding's rules as plain values: no database, no NATS."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.holding.domain import arrivals as rules
from services.holding.domain import gate, holds, roles

T0 = datetime(2022, 4, 10, 8, 0, tzinfo=timezone.utc)
OPEN = rules.GroupBuyView("GB1", "V1", "open")
APPROVED = rules.VendorView("V1", "Fresh Farm", "approved")


def test_hold_lasts_the_zone_hours_from_disinfection():
    policy = holds.HoldPolicy(sealed=2, controlled=2, precaution=1)
    assert holds.due_at(T0, policy.hours("sealed")) == T0 + timedelta(hours=2)
    assert holds.due_at(T0, policy.hours("precaution")) == T0 + timedelta(hours=1)
    with pytest.raises(ValueError):
        policy.hours("open")


@given(st.floats(min_value=-100, max_value=0))
def test_an_extension_never_shortens(hours):
    with pytest.raises(holds.ShorteningRefused):
        holds.extended(T0, hours)


@given(st.floats(min_value=0.01, max_value=72))
def test_an_extension_always_adds_time(hours):
    assert holds.extended(T0, hours) > T0


def test_release_only_when_due():
    assert not holds.may_release(T0, T0 - timedelta(microseconds=1))
    assert holds.may_release(T0, T0)


def test_groupbuy_delivery_accepted_when_open_or_closed_from_an_approved_vendor():
    assert rules.groupbuy_refusal("GB1", OPEN, APPROVED) is None
    closed = rules.GroupBuyView("GB1", "V1", "closed")
    assert rules.groupbuy_refusal("GB1", closed, APPROVED) is None


@pytest.mark.parametrize("groupbuy, vendor, reason", [
    (None, None, "groupbuy_unknown"),
    (rules.GroupBuyView("GB1", None, "refused", "non_essential"), None, "groupbuy_refused"),
    (OPEN, None, "vendor_not_approved"),
    (OPEN, rules.VendorView("V1", "Fresh Farm", "suspended", "licence_expired"), "vendor_suspended"),
])
def test_groupbuy_delivery_refused_and_turned_away(groupbuy, vendor, reason):
    refusal = rules.groupbuy_refusal("GB1", groupbuy, vendor)
    assert (refusal.reason, refusal.guard_action) == (reason, "turn_away")
    assert refusal.params["groupbuy"] == "GB1"


@pytest.mark.parametrize("request_, reason, params", [
    (rules.ArrivalRequest("groupbuy", None, 3, None, None), "groupbuy_required", {}),
    (rules.ArrivalRequest("groupbuy", "GB1", None, None, None), "boxes_required", {"groupbuy": "GB1"}),
    (rules.ArrivalRequest("parcel", None, None, "7", None), "destination_required", {"missing": "room"}),
    (rules.ArrivalRequest("medicine", None, None, None, None), "destination_required",
     {"missing": "building,room"}),
])
def test_missing_details_ask_the_guard_to_correct(request_, reason, params):
    refusal = rules.missing_details(request_)
    assert (refusal.reason, refusal.params, refusal.guard_action) == (reason, params, "correct_and_retry")


def test_each_kind_has_its_own_id_series():
    assert [rules.id_prefix(k) for k in ("groupbuy", "parcel", "medicine")] == ["A", "P", "M"]
    assert rules.normal_ref(" gb12 ") == "GB12"


def test_lifecycle_blocks_say_why():
    assert gate.disinfection_blocked("A1", gate.AWAITING, None) is None
    assert gate.disinfection_blocked("A1", gate.HELD, T0).reason == "already_disinfected"
    assert gate.extension_blocked("A1", gate.AWAITING).reason == "not_disinfected"
    assert gate.extension_blocked("A1", gate.RELEASED).reason == "already_released"
    assert gate.extension_blocked("A1", gate.HELD) is None


def test_only_the_committee_changes_the_zone_and_only_staff_see_notes():
    assert roles.may("committee", "zone.change_requested")
    assert not roles.may("property", "zone.change_requested")
    assert not roles.may("resident", "arrival.requested")
    assert roles.sees_notes("property") and not roles.sees_notes("resident")
