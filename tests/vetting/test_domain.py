"""vetting's rules on plain values: no database, no NATS."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from services.vetting.domain import essentials, groupbuys, ids, items, licences, orders, vendors, visibility
from services.vetting.domain.essentials import Category, ItemFacts
from services.vetting.domain.licences import LicenceFacts
from services.vetting.domain.refusals import Refusal

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2022, 4, 10, 8, 0, tzinfo=SH)
BUSINESS = LicenceFacts("business", "91310000MA1", date(2023, 1, 1))
FOOD = LicenceFacts("food", "JY131", date(2023, 1, 1))
CATEGORIES = {"vegetables": Category("vegetables", "蔬菜", "Vegetables", True),
              "hygiene_disinfection": Category("hygiene_disinfection", "卫生消毒", "Hygiene", False)}


def reason(result) -> str | None:
    return result.reason if isinstance(result, Refusal) else None


# -- licences ---------------------------------------------------------------------------------

def test_a_licence_is_valid_through_its_expiry_day_in_the_compounds_zone():
    licence = LicenceFacts("food", "JY1", date(2022, 4, 10))
    assert licences.expires_at(licence, SH) == datetime(2022, 4, 11, 0, 0, tzinfo=SH)
    assert licences.is_valid(licence, datetime(2022, 4, 10, 23, 59, tzinfo=SH), SH)
    assert not licences.is_valid(licence, datetime(2022, 4, 11, 0, 0, tzinfo=SH), SH)


def test_registration_needs_a_valid_business_licence_with_a_number():
    assert licences.registration_problem([FOOD], NOW, SH).params == {"kind": "business"}
    expired = LicenceFacts("food", "JY1", date(2022, 4, 9))
    problem = licences.registration_problem([BUSINESS, expired], NOW, SH)
    assert (problem.reason, problem.params) == ("licence_expired", {"kind": "food", "expires_on": "2022-04-09"})
    assert reason(licences.registration_problem([LicenceFacts("business", " ", date(2023, 1, 1))], NOW, SH)) \
        == "licence_number_missing"
    assert licences.registration_problem([BUSINESS], NOW, SH) is None


def test_complete_means_business_and_food_both_valid():
    assert licences.is_complete([BUSINESS, FOOD], NOW, SH)
    assert not licences.is_complete([BUSINESS], NOW, SH)
    assert not licences.is_complete([BUSINESS, LicenceFacts("food", "x", date(2022, 4, 9))], NOW, SH)


def test_the_expired_licence_is_the_earliest_one_past_its_moment():
    early = LicenceFacts("food", "x", date(2022, 4, 1))
    assert licences.expired_one([BUSINESS, early], NOW, SH) == early
    assert licences.expired_one([BUSINESS, FOOD], NOW, SH) is None


# -- vendors ----------------------------------------------------------------------------------

def registration(role="group_leader", guaranteed=False, licence_list=(BUSINESS, FOOD), name="Fresh Co"):
    return vendors.Registration(role, name, tuple(licence_list), guaranteed)


def test_only_leaders_and_the_committee_register_and_only_the_committee_sets_guaranteed():
    assert vendors.registration_problem(registration(role="resident"), NOW, SH).reason == "not_allowed"
    assert vendors.registration_problem(registration(guaranteed=True), NOW, SH).reason \
        == "guaranteed_committee_only"
    assert vendors.registration_problem(registration(role="committee", guaranteed=True), NOW, SH) is None
    assert vendors.registration_problem(registration(name="  "), NOW, SH).reason == "name_missing"


def test_policy_approves_only_guaranteed_vendors_with_complete_licences():
    assert vendors.approved_by_policy(True, [BUSINESS, FOOD], NOW, SH, policy_on=True)
    assert not vendors.approved_by_policy(True, [BUSINESS], NOW, SH, policy_on=True)
    assert not vendors.approved_by_policy(False, [BUSINESS, FOOD], NOW, SH, policy_on=True)
    assert not vendors.approved_by_policy(True, [BUSINESS, FOOD], NOW, SH, policy_on=False)


def test_approval_and_supply_follow_the_vendors_status():
    assert vendors.approval_problem("pending", [BUSINESS], NOW, SH) is None
    assert vendors.approval_problem("approved", [BUSINESS], NOW, SH).reason == "already_approved"
    assert vendors.approval_problem("suspended", [BUSINESS], NOW, SH).reason == "licence_expired"
    late = LicenceFacts("business", "x", date(2022, 4, 1))
    assert vendors.approval_problem("pending", [late], NOW, SH).params == {"kind": "business"}
    assert vendors.supply_problem("approved") is None
    assert vendors.supply_problem("suspended").reason == "vendor_suspended"
    assert vendors.supply_problem("pending").reason == "vendor_not_approved"


# -- essentials -------------------------------------------------------------------------------

def item(name="cabbage", category="vegetables", price="3.50", min_qty=None):
    return ItemFacts(name, category, Decimal(price), min_qty)


def test_a_non_essential_item_is_refused_by_name():
    problem = essentials.items_problem([item(), item("cake", "snacks")], CATEGORIES, sells_food=True)
    assert (problem.reason, problem.params) == ("non_essential", {"item": "cake", "category": "snacks"})


def test_food_needs_a_food_licence_and_other_essentials_do_not():
    problem = essentials.items_problem([item()], CATEGORIES, sells_food=False)
    assert (problem.reason, problem.params) == ("food_licence_missing", {"item": "cabbage", "category": "vegetables"})
    assert essentials.items_problem([item("soap", "hygiene_disinfection")], CATEGORIES, sells_food=False) is None


def test_items_must_be_named_once_with_a_price_and_a_sane_minimum():
    assert reason(essentials.items_problem([], CATEGORIES, sells_food=True)) == "no_items"
    assert reason(essentials.items_problem([item(), item("Cabbage")], CATEGORIES, sells_food=True)) == "duplicate_item"
    assert reason(essentials.items_problem([item(price="0")], CATEGORIES, sells_food=True)) == "bad_price"
    assert reason(essentials.items_problem([item(min_qty=0)], CATEGORIES, sells_food=True)) == "bad_min_qty"


# -- group buys ---------------------------------------------------------------------------------

def test_the_state_machine_allows_only_its_transitions():
    assert groupbuys.next_status("proposed", "approve") == "approved"
    assert groupbuys.next_status("approved", "open") == "open"
    assert groupbuys.next_status("open", "close") == "closed"
    assert groupbuys.next_status("proposed", "close") is None
    assert groupbuys.next_status("closed", "close") is None
    assert groupbuys.next_status("refused", "approve") is None


def test_a_proposal_needs_a_leader_an_approved_vendor_and_a_future_deadline():
    later = NOW + timedelta(days=1)
    assert groupbuys.proposal_problem("resident", "approved", "V1", later, NOW).reason == "not_allowed"
    assert groupbuys.proposal_problem("group_leader", None, "V9", later, NOW).params == {"vendor": "V9"}
    assert groupbuys.proposal_problem("group_leader", "pending", "V1", later, NOW).reason == "vendor_not_approved"
    assert groupbuys.proposal_problem("group_leader", "suspended", "V1", later, NOW).reason == "vendor_suspended"
    assert groupbuys.proposal_problem("group_leader", "approved", "V1", NOW, NOW).reason == "deadline_passed"
    assert groupbuys.proposal_problem("group_leader", "approved", "V1", later, NOW) is None


def test_only_the_leader_or_committee_closes_and_only_an_open_buy():
    assert groupbuys.close_problem("open", role="group_leader", person_id="p2", leader_id="p1").reason == "not_allowed"
    assert groupbuys.close_problem("open", role="committee", person_id="c1", leader_id="p1") is None
    assert groupbuys.close_problem("closed", role="group_leader", person_id="p1", leader_id="p1").reason \
        == "groupbuy_not_open"
    assert groupbuys.decision_problem("open", "approve").reason == "already_decided"


# -- orders -------------------------------------------------------------------------------------

def test_copies_and_older_revisions_are_stale():
    assert not orders.is_stale(None, 0)
    assert orders.is_stale(1, 1) and orders.is_stale(2, 1)
    assert not orders.is_stale(1, 2)


BUY = [items.Offer("GB1", 1, "青菜", "greens"), items.Offer("GB1", 2, "土鸡蛋(30枚)", "eggs"),
       items.Offer("GB1", 3, "鸡蛋饼", None)]


def test_the_item_is_the_only_one_or_named_by_number_name_part_or_english_name():
    assert items.resolve(BUY[:1], item=None, number=None).name == "青菜"
    assert items.resolve(BUY, item=None, number=None).params == {"items": "1号 青菜、2号 土鸡蛋(30枚)、3号 鸡蛋饼",
                                                              "items_en": "1. greens, 2. eggs, 3. 鸡蛋饼"}
    assert items.resolve(BUY, item=None, number=2).name == "土鸡蛋(30枚)"
    assert items.resolve(BUY, item="GREENS", number=None).name == "青菜"
    assert items.resolve(BUY, item="土鸡蛋（30枚）", number=None).name == "土鸡蛋(30枚)"  # full-width brackets
    assert items.resolve(BUY, item="饼", number=None).name == "鸡蛋饼"
    assert reason(items.resolve(BUY, item=None, number=9)) == "unknown_item"
    assert items.resolve(BUY, item="milk", number=None).params["item"] == "milk"


def test_a_part_of_two_names_is_asked_back_naming_both():
    asked = items.resolve(BUY, item="鸡蛋", number=None)
    assert (asked.reason, asked.params["items"]) == ("ambiguous_item", "2号 土鸡蛋(30枚)、3号 鸡蛋饼")


def test_without_a_buy_the_open_buys_are_looked_at_and_a_doubt_is_asked():
    two = BUY[:1] + [items.Offer("GB2", 1, "大米", None), items.Offer("GB2", 2, "青菜心", None)]
    assert items.resolve(two, item="大米", number=None).groupbuy_id == "GB2"
    assert items.resolve(two, item="青菜", number=None).groupbuy_id == "GB1"  # exact beats a part
    assert items.resolve(two, item=None, number=1).params == {"groupbuys": "GB1、GB2"}
    assert reason(items.resolve([], item="大米", number=None)) == "no_open_groupbuy"


def test_a_room_written_first_is_the_writers_own_or_for_a_building_admin_one_of_theirs():
    assert orders.household_for("3", "502", {"resident"}, None, None) == ("3", "502")
    assert orders.household_for("3", "502", {"resident"}, "3", "502") == ("3", "502")
    assert reason(orders.household_for("3", "502", {"resident"}, "3", "501")) == "not_your_household"
    assert orders.household_for("3", None, {"building_admin"}, "3", "501") == ("3", "501")
    assert reason(orders.household_for("3", None, {"building_admin"}, "4", "501")) == "not_your_household"


def test_orders_need_a_household_an_open_buy_and_a_sane_quantity():
    assert reason(orders.household_problem("5", None)) == "no_household"
    assert reason(orders.order_problem(None, "GB9", 1, 99)) == "unknown_groupbuy"
    assert orders.order_problem("closed", "GB1", 1, 99).params == {"groupbuy": "GB1", "status": "closed"}
    assert reason(orders.order_problem("open", "GB1", 100, 99)) == "qty_too_large"


def test_progress_and_what_misses_its_minimum():
    assert orders.remaining_to_min(7, 10) == 3
    assert orders.remaining_to_min(12, 10) == 0
    assert orders.remaining_to_min(0, None) == 0
    assert orders.missed_minimum({"rice": 12, "oil": 3}, {"rice": 10, "oil": 5, "salt": None, "milk": 1}) \
        == ["oil", "milk"]


def test_totals_and_households_from_lines():
    lines = [orders.Line("1", "101", "rice", 2), orders.Line("1", "101", "oil", 1), orders.Line("2", "201", "rice", 3)]
    assert orders.totals_of(lines) == {"rice": 5, "oil": 1}
    assert orders.by_household(lines) == {("1", "101"): ["rice", "oil"], ("2", "201"): ["rice"]}


# -- ids and visibility -------------------------------------------------------------------------

def test_short_ids():
    assert ids.format_id("GB", 12) == "GB12"
    assert ids.kind_of(" gb12 ") == "GB" and ids.kind_of("V3") == "V"
    assert ids.kind_of("A7") is None and ids.kind_of(None) is None and ids.kind_of("GB") is None


def test_who_sees_which_tally():
    assert visibility.scope_for("committee", "c1", "p1") == "all"
    assert visibility.scope_for("group_leader", "p1", "p1") == "all"
    assert visibility.scope_for("group_leader", "p2", "p1") == "household"
    assert visibility.scope_for("building_admin", "a1", "p1") == "building"
    assert visibility.scope_for("resident", "r1", "p1") == "household"
