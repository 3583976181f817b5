"""Naming a pickup proxy as people do, over the whole system: by room (`代取 3-502`), by name
(`代取 周国平`), by both; a room or name that fits two people is asked back naming them;
one that fits nobody says so; in Chinese and English."""

from __future__ import annotations

from shared.runtime.clock import FixedClock
from tests.holding.tap import EventTap

from .compound import T0, compound


async def test_a_proxy_named_by_room_or_name_and_asked_back_when_two_fit(js, settings_for, tmp_path):
    async with compound(js, settings_for, tmp_path, FixedClock(T0)) as place:
        delivery = await EventTap().start(js, "delivery")
        await place.say("王建国", "代取 3-502")
        (asked,) = await place.told("王建国", "3-502 有")
        assert asked == "3-502 有 张伟 3-502、孙丽 3-502：请写明是哪一位，例如「代取 3-502 张伟」。"
        await place.say("王建国", "代取 张伟")
        (asked,) = await place.told("王建国", "张伟 有")
        assert "张伟 3-502、张伟 6-201" in asked
        await place.say("王建国", "代取 3-502 张伟")
        await place.told("张伟@3-502", "5-1102 指定您为代取人")
        await place.say("王建国", "代取 周国平")
        await place.told("周国平", "5-1102 指定您为代取人")
        await place.say("王建国", "代取 9-999")
        await place.told("王建国", "名册上没有住在或名叫 9-999 的居民")

        await place.say("Peter Hansen", "/proxy 5-1201")
        await place.told("Anna Schmidt", "3-1202")
        await place.say("Peter Hansen", "/proxy Zhang Wei")
        await place.told("Peter Hansen", "Nobody on the roster lives at or is called Zhang Wei")
        named = await delivery.wait_for("proxy.named", 3)
        assert [(n["building"], n["room"], n["proxy_id"]) for n in named] == [
            ("5", "1102", place.ids["张伟@3-502"]), ("5", "1102", place.ids["周国平"]),
            ("3", "1202", place.ids["Anna Schmidt"])]
