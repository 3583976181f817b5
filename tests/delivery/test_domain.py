"""delivery's rules with plain values: splitting sheets, who may pick up, the reminder schedule."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.delivery.domain import items
from services.delivery.domain.items import Refusal
from services.delivery.domain.pickup import Picker, PickupView, households_to_confirm
from services.delivery.domain.plans import SheetLine, split
from services.delivery.domain.reminders import ESCALATION, REMINDER, Schedule

T0 = datetime(2022, 4, 10, 8, tzinfo=timezone.utc)

sheet_lines = st.lists(st.builds(
    SheetLine, building=st.sampled_from(["1", "2", "3", "12A"]), room=st.sampled_from(["101", "102", "1201"]),
    item=st.sampled_from(["rice", "eggs", "milk"]), qty=st.integers(0, 20)), max_size=40)


@given(sheet_lines)
def test_portions_sum_exactly_to_the_sheet(lines):
    portions = split(lines)
    handed_out = Counter()
    for portion in portions:
        for room, pairs in portion.rooms.items():
            for item, qty in pairs:
                handed_out[(portion.building, room, item)] += qty
    expected = Counter()
    for line in lines:
        expected[(line.building, line.room, line.item)] += line.qty
    assert +handed_out == +expected  # zero lines are not handed out
    totals = Counter()
    for portion in portions:
        totals.update(portion.totals)
    assert +totals == +_by_item(lines)
    assert len({p.building for p in portions}) == len(portions)  # one portion per building


def _by_item(lines):
    found = Counter()
    for line in lines:
        found[line.item] += line.qty
    return found


def test_a_portion_totals_its_rooms():
    [portion] = split([SheetLine("3", "101", "rice", 2), SheetLine("3", "102", "rice", 1),
                       SheetLine("3", "102", "eggs", 30)])
    assert portion.totals == {"eggs": 30, "rice": 3}
    assert portion.rooms == {"101": [("rice", 2)], "102": [("eggs", 30), ("rice", 1)]}


def view(state=items.RACKED, waiting=("101", "102"), picked=()):
    return PickupView("D1", state, "3", frozenset(waiting), frozenset(picked))


def test_the_household_and_its_proxies_may_pick_up_nobody_else():
    assert households_to_confirm(view(), Picker(("3", "101"), frozenset())) == [("101", False)]
    assert households_to_confirm(view(), Picker(("5", "101"), frozenset({("3", "102")}))) == [("102", True)]
    assert households_to_confirm(view(), Picker(("3", "101"), frozenset({("3", "102")}))) == [
        ("101", False), ("102", True)]
    refused = households_to_confirm(view(), Picker(("3", "909"), frozenset({("4", "101")})))
    assert refused == Refusal("not_recipient", {"item": "D1"})
    assert households_to_confirm(view(), Picker(None, frozenset())).reason == "not_recipient"


def test_pickup_needs_the_item_on_the_rack_and_waiting():
    assert households_to_confirm(view(items.PLANNED), Picker(("3", "101"), frozenset())).reason == "not_on_rack"
    again = households_to_confirm(view(waiting=("102",), picked=("101",)), Picker(("3", "101"), frozenset()))
    assert again == Refusal("already_picked_up", {"item": "D1", "room": "101"})
    escalated = households_to_confirm(view(items.ESCALATED), Picker(("3", "102"), frozenset()))
    assert escalated == [("102", False)]


def test_racking_again_only_moves_to_another_slot():
    assert items.rack_refusal("P1", items.PLANNED, None, None) is None
    assert items.rack_refusal("P1", items.RACKED, "B2", "C4") is None
    assert items.rack_refusal("P1", items.RACKED, "B2", None).reason == "already_racked"
    assert items.rack_refusal("P1", items.PICKED_UP, None, "C4").reason == "already_picked_up"


def test_reminders_then_escalation_counted_from_racking():
    schedule = Schedule((4.0, 12.0), 24.0)
    assert [(s.kind, s.number) for s in schedule.steps] == [(REMINDER, 1), (REMINDER, 2), (ESCALATION, 1)]
    assert [schedule.due(T0, i) for i in range(3)] == [T0 + timedelta(hours=h) for h in (4, 12, 24)]
    assert schedule.step(3) is None


@pytest.mark.parametrize("reminders, escalation", [((4.0, 2.0), 24.0), ((4.0, 12.0), 12.0), ((0.0,), 1.0)])
def test_a_schedule_out_of_order_is_refused(reminders, escalation):
    with pytest.raises(ValueError):
        Schedule(reminders, escalation)


def test_ids_delivery_answers_about():
    assert [items.is_ours(x) for x in ("D12", "P45", "A7", "M3", "GB12", "V3", "R1")] == [
        True, True, True, True, False, False, False]
