"""Parsing what people write about people and papers: a proxy by id, room, name or both;
licence dates as printed (`2027年6月30日`, `2027/6/30`)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from services.intake.parsing import Malformed, ParseContext, Parsed, parse_message

CTX = ParseContext(now=datetime(2022, 4, 10, 2, 0, tzinfo=timezone.utc), tz=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize("text, fields", [
    ("代取 R12", {"proxy_person_id": "R12"}),
    ("/proxy r012", {"proxy_person_id": "R12"}),
    ("代取 3-502", {"proxy_home": ("3", "502"), "proxy_name": None}),
    ("代取 3号楼502", {"proxy_home": ("3", "502"), "proxy_name": None}),
    ("代取 张伟", {"proxy_home": None, "proxy_name": "张伟"}),
    ("代取 3-502 张伟", {"proxy_home": ("3", "502"), "proxy_name": "张伟"}),
    ("/proxy Zhang Wei", {"proxy_home": None, "proxy_name": "Zhang Wei"}),
])
def test_a_proxy_is_named_by_id_room_or_name(text, fields):
    assert parse_message(text, CTX) == Parsed("proxy", fields)


def test_a_proxy_without_anyone_is_malformed():
    assert isinstance(parse_message("代取", CTX), Malformed)


@pytest.mark.parametrize("written", ["2027-06-30", "2027/6/30", "2027.6.30", "2027年6月30日", "２０２７年６月３０日",
                                     "2027年6月30号"])
def test_licence_dates_as_printed(written):
    parsed = parse_message(f"商家登记 张三蔬菜\n营业执照 9131 {written}\n食品 JY2 2030-01-01", CTX)
    assert parsed.fields["licences"][0]["expires_on"] == date(2027, 6, 30)


def test_an_impossible_date_is_refused():
    parsed = parse_message("商家登记 张三蔬菜\n营业执照 9131 2027年2月30日", CTX)
    assert isinstance(parsed, Malformed) and parsed.problem == "bad_date"
