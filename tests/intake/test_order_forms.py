"""Orders as people write them, read by the parser (pure): every form of issue 19 gives the
same line, traditional and full-width forms fold, chatter stays chatter, and the text the
committee passes on keeps its punctuation."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from services.intake.parsing import Malformed, NotACommand, ParseContext, Parsed, parse_message

CTX = ParseContext(datetime(2022, 4, 10, 1, 0, tzinfo=timezone.utc), ZoneInfo("Asia/Shanghai"))


def line(qty, item=None, number=None, building=None, room=None):
    return {"qty": qty, "item": item, "number": number, "building": building, "room": room}


def lines_of(text):
    result = parse_message(text, CTX)
    assert isinstance(result, Parsed) and result.command == "order", result
    return result.fields["groupbuy_ref"], result.fields["lines"]


@pytest.mark.parametrize("text", [
    "接龙 GB1 青菜 2", "接龙 GB1 青菜 2份", "接龙 GB1 青菜2", "接龙 GB1 2 青菜", "接龙 GB1 2份青菜",
    "接龙 GB1 青菜x2", "接龙 GB1 两份青菜", "接龍 GB1 青菜 2", "借龙 GB1 2 青菜", "接龙 ＧＢ１ 青菜 ２份",
    "/order gb01 青菜 2", "接龙GB1 青菜2", "接龙：GB1 青菜 2",
])
def test_quantity_before_or_after_the_item_with_or_without_a_unit(text):
    assert lines_of(text) == ("GB1", [line(2, "青菜")])


def test_traditional_item_names_are_simplified():
    assert lines_of("接龍 GB1 雞蛋 3份") == ("GB1", [line(3, "鸡蛋")])


def test_the_item_by_its_number_and_the_buy_left_out():
    assert lines_of("接龙 GB1 2号 3份") == ("GB1", [line(3, number=2)])
    assert lines_of("接龙 青菜 2") == (None, [line(2, "青菜")])


@pytest.mark.parametrize("text, expected", [
    ("3-502 青菜2", line(2, "青菜", building="3", room="502")),
    ("3号楼502 青菜 2份", line(2, "青菜", building="3", room="502")),
    ("+1", line(1)),
    ("+2 青菜", line(2, "青菜")),
    ("青菜+1", line(1, "青菜")),
    ("12. 3-502 青菜2", line(2, "青菜", building="3", room="502")),
])
def test_forms_without_a_command_word(text, expected):
    result = parse_message(text, CTX)
    assert isinstance(result, Parsed) and result.implicit and result.fields["lines"] == [expected]


def test_a_copied_list_carries_every_order_line_with_its_key():
    text = "#接龙 GB1 蔬菜团 截止18:00\n例 3-101 青菜2\n1. 3-501 青菜2\n2. 3-502 鸡蛋1\n3. 3-503 青菜 3份"
    result = parse_message(text, CTX)
    assert isinstance(result, Parsed) and result.fields["copied_list"] and result.fields["groupbuy_ref"] == "GB1"
    assert [(l["room"], l["item"], l["qty"]) for l in result.fields["lines"]] == [
        ("501", "青菜", 2), ("502", "鸡蛋", 1), ("503", "青菜", 3)]
    assert result.line_keys == ("3-501 青菜2", "3-502 鸡蛋1", "3-503 青菜 3份")


@pytest.mark.parametrize("text", ["3-502 要青菜", "+青菜", "3-502"])
def test_an_order_like_message_that_cannot_be_read_is_flagged(text):
    result = parse_message(text, CTX)
    assert isinstance(result, Malformed) and result.implicit and result.problem == "unreadable_order", result


@pytest.mark.parametrize("text", ["五花肉", "接龙 GB1 五花肉"])
def test_a_chinese_numeral_needs_its_unit(text):
    result = parse_message(text, CTX)
    assert not isinstance(result, Parsed), result


@pytest.mark.parametrize("text", ["谢谢团长", "1. 明天核酸\n2. 每户限购2份", "今天青菜2块一斤", "接龙接龙"])
def test_chatter_stays_chatter(text):
    assert parse_message(text, CTX) == NotACommand()


def test_announcements_and_bulletin_lines_keep_the_committees_punctuation():
    announced = parse_message("通报 全体 明天8点核酸，请下楼！（带好身份证）", CTX)
    added = parse_message("补充通报 今日无新增；谢谢配合。", CTX)
    assert announced.fields["text"] == "明天8点核酸，请下楼！（带好身份证）"
    assert added.fields["text"] == "今日无新增；谢谢配合。"
