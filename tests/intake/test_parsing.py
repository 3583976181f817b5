"""The parser as plain functions: both languages, bodies, ids, deadlines, and totality."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.intake.parsing import Malformed, NotACommand, ParseContext, Parsed, UnknownCommand, parse_message
from services.intake.parsing.words import CHINESE, SLASH

SHANGHAI = ZoneInfo("Asia/Shanghai")
MORNING = ParseContext(datetime(2022, 4, 10, 1, 0, tzinfo=timezone.utc), SHANGHAI)  # 09:00 there


def parse(text: str, ctx: ParseContext = MORNING):
    return parse_message(text, ctx)


@pytest.mark.parametrize("text", ["/order GB12 2", "接龙 GB12 2", "接龙GB012 2份", "／order gb12 2",
                                  "/order@lastmile_bot GB12 2", "接龙：GB12 2"])
def test_order_forms(text):
    assert parse(text) == Parsed("order", {"groupbuy_ref": "GB12", "copied_list": False, "lines": [
        {"qty": 2, "item": None, "number": None, "building": None, "room": None}]})


def test_groupbuy_body_read_from_the_right():
    result = parse("/groupbuy V3 until 18:00\n东北 大米 grain ¥45.5 min 10\n\nCabbage vegetables 3")
    assert isinstance(result, Parsed)
    assert result.fields["items"] == [
        {"name": "东北 大米", "name_en": None, "category": "grain", "price": Decimal("45.5"), "min_qty": 10},
        {"name": "Cabbage", "name_en": None, "category": "vegetables", "price": Decimal("3"), "min_qty": None}]


@pytest.mark.parametrize("now_utc, expected_day", [
    (datetime(2022, 4, 10, 1, 0, tzinfo=timezone.utc), 10),    # 09:00 in Shanghai: today
    (datetime(2022, 4, 10, 11, 0, tzinfo=timezone.utc), 11),   # 19:00: past 18:00, so tomorrow
    (datetime(2022, 4, 10, 17, 0, tzinfo=timezone.utc), 11),   # 01:00 on the 11th: that day
])
def test_deadline_is_on_the_compounds_day(now_utc, expected_day):
    result = parse("开团 V3 截止 18点\n白菜 蔬菜 3", ParseContext(now_utc, SHANGHAI))
    deadline = result.fields["deadline"]
    assert deadline.tzinfo == SHANGHAI and (deadline.day, deadline.hour, deadline.minute) == (expected_day, 18, 0)


def test_vendor_body_in_chinese():
    result = parse("商家登记 张三蔬菜\n营业执照 9131 2030-01-01\n食品：JY2 2030/06/30\n保供")
    assert result.fields["guaranteed"] is True
    assert [lic["kind"] for lic in result.fields["licences"]] == ["business", "food"]


@pytest.mark.parametrize("text, problem", [
    ("/order GB12", "missing_quantity"), ("/order V3 2", "bad_id"), ("/order GB12 -1", "bad_quantity"),
    ("/groupbuy V3 until 25:00\nrice grain 5", "bad_time"), ("/groupbuy V3 until 18:00", "missing_items"),
    ("/groupbuy V3 until 18:00\nrice 5", "bad_line"), ("/vendor X\nlicence 1 2030-02-30", "bad_date"),
    ("/reject GB3", "missing_reason"), ("/zone red", "bad_zone"), ("/extend A7 100 x", "bad_hours"),
    ("/arrive parcel 31201", "bad_room"), ("/arrive GB3 0", "bad_quantity"), ("/announce all", "missing_text"),
    ("/bind", "missing_code"), ("/proxy GB3", "bad_id"), ("/picked", "missing_id"),
    ("/med", "missing_hospital"), ("/med Ruijin, insulin", "missing_dose"),
    ("/med Ruijin, insulin, 2 boxes, soon-ish", "bad_days"), ("配药 瑞金，，2盒，3", "missing_drug"),
    ("/urgency MR3 5 because", "bad_urgency"), ("/urgency MR3 1", "missing_reason"),
    ("/urgency GB3 1 x", "bad_id"), ("/run", "missing_hospital"), ("/run Ruijin 99", "bad_quantity"),
    ("/bought MR3 extra", "too_many_arguments"), ("/substitute MR3", "missing_substitute"),
    ("/unavailable MR3", "missing_reason"), ("/yes HR3", "bad_id"), ("/handoff MR3", "bad_id"),
])
def test_malformed_arguments_name_the_problem(text, problem):
    result = parse(text)
    assert isinstance(result, Malformed) and result.problem == problem, result


@pytest.mark.parametrize("text", ["hello", "查询一下快递", "通报一下", "", "   ", "接龙接龙"])
def test_chatter_is_not_a_command(text):
    assert parse(text) == NotACommand()


def test_unknown_slash_command():
    assert parse("/frobnicate now") == UnknownCommand("/frobnicate")


def test_a_medicine_request_in_chinese_with_flags_and_a_note():
    result = parse("配药 3-1201 瑞金医院，胰岛素 诺和灵，2盒，1天，危急，老人，冷藏保存")
    assert result == Parsed("med", {"building": "3", "room": "1201", "hospital": "瑞金医院",
                                    "drug": "胰岛素 诺和灵", "dose": "2盒", "days_left": 1, "urgency": 1,
                                    "vulnerable": True, "note": "冷藏保存"})


@pytest.mark.parametrize("text", ["配药 3-1201，瑞金，胰岛素，2盒，3天", "/med 3-1201 瑞金, 胰岛素, 2盒, 3",
                                  "/med 3-1201, 瑞金, 胰岛素, 2盒, 3"])
def test_the_household_before_the_hospital_with_or_without_a_comma(text):
    result = parse(text)
    assert (result.fields["building"], result.fields["room"], result.fields["hospital"], result.fields["drug"],
            result.fields["days_left"]) == ("3", "1201", "瑞金", "胰岛素", 3)


def test_a_medicine_request_in_english_without_flags():
    assert parse("/medicine Ruijin Hospital, Amlodipine 5mg, 30 tablets, 12 days, note: the blue box") == Parsed(
        "med", {"hospital": "Ruijin Hospital", "drug": "Amlodipine 5mg", "dose": "30 tablets",
                "days_left": 12, "note": "the blue box"})


def test_every_command_has_both_forms():
    assert set(SLASH.values()) == set(CHINESE.values())


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=4096))
def test_never_raises_on_any_text(text):
    parse(text)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(SLASH) + sorted(CHINESE)), st.text(max_size=300))
def test_never_raises_after_a_command_word(word, rest):
    parse(("/" if word.isascii() else "") + word + " " + rest)
