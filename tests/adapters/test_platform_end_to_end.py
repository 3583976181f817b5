"""People on Telegram (through the test Bot API server) and on a webhook platform, through the
real adapter and the real services, all as their own processes: each writes on the platform
and reads the answer there. One compound per platform for the module (its set-up binds
everyone and registers the building group); each test plays one thing people do, the same
on both platforms (the Matrix twin is test_matrix_end_to_end.py)."""

from __future__ import annotations

import re

import pytest

from .platform_compound import TelegramCompound, WebhookCompound
from .scenes import open_vegetable_buy

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=[TelegramCompound, WebhookCompound], ids=["telegram", "webhook"])
async def world(request, tmp_path_factory):
    world = request.param(tmp_path_factory.mktemp(f"{request.param.platform}-e2e"))
    try:
        await world.start()
        world.bound = {key: await world.ask(key, world.bind_text(key)) for key in world.codes}
        world.registered = await world.ask("committee", "群登记 1", world.building)
        yield world
    finally:
        await world.close()


@pytest.fixture(scope="module")
async def buy(world):
    return await open_vegetable_buy(world)


async def test_everyone_binds_in_their_direct_chat_in_their_language(world):
    assert world.bound["resident_en"].startswith("Linked:"), world.bound
    assert world.bound["resident_zh"].startswith("绑定成功"), world.bound
    wrong = await world.ask("resident_zh", "绑定 ZZZZ-ZZZZ-ZZZZ")
    assert wrong.startswith("绑定码无效"), wrong


async def test_the_committee_registers_the_building_group_in_the_group(world):
    assert "1" in world.registered and re.search(r"群|group", world.registered), world.registered


async def test_an_order_in_the_group_and_its_edit_are_both_answered_there(world, buy):
    order = await world.say("resident_zh", world.building, f"接龙 {buy} 2")
    (first,) = await world.replies(world.building, order)
    await world.edit("resident_zh", world.building, order, f"接龙 {buy} 3")
    first_again, edited = await world.replies(world.building, order, count=2)
    assert first_again == first and "2" in first and "3" in edited and first != edited, (first, edited)


async def test_a_racked_parcel_is_told_in_the_residents_direct_chat(world):
    arrived = await world.ask("guard", "/arrive parcel 1-102")
    arrival = re.findall(r"\bP\d+\b", arrived)[0]
    await world.ask("property", f"消杀 {arrival}")
    carry = await world.told(world.dm("property"), re.escape(arrival) + r".*已放行")
    (item,) = re.findall(r"(\w+) → 1号楼货架", carry)
    racked = await world.ask("property", f"上架 {item} 3层")
    assert f"{item} 已放上1号楼货架" in racked, racked
    notice = await world.told(world.dm("resident_zh"), "已放在1号楼货架")
    assert notice.startswith("1-102 的") and item in notice and "货位 3层" in notice, notice


async def test_an_announcement_reaches_the_group_and_the_committee_reads_its_reach(world):
    await world.ask("committee", "通报 全体 明早八点核酸检测")
    assert "明早八点核酸检测" in await world.told(world.building, "明早八点核酸检测")
    report = await world.told(world.dm("committee"), "个群中已送达")
    assert f"1 个群中已送达 1 个" in report and f"已送达：1号楼（{world.platform}）" in report, report


# -- Telegram's own: a forum topic, a group upgraded to a supergroup --------------------------

def telegram_only(world) -> None:
    if world.platform != "telegram":
        pytest.skip("forum topics and supergroup upgrades are Telegram's")


async def test_a_forum_topic_registered_as_a_building_group_gets_its_notices_in_the_topic(world):
    telegram_only(world)
    world.api.group(-1002002, title="小区论坛", forum=True)
    topic = "-1002002/9"
    registered = await world.ask("committee", "群登记 1", topic)
    assert "1" in registered, registered
    await world.ask("committee", "通报 1号楼 今晚九点停水")
    assert "停水" in await world.told(topic, "今晚九点停水")
    assert "停水" in await world.told(world.building, "今晚九点停水")
    assert not [t for t in world.texts("-1002002") if "停水" in t]  # not in the forum's General


async def test_a_group_upgraded_to_a_supergroup_keeps_its_registration_and_notices(world, buy):
    telegram_only(world)
    old = world.building
    new = str(world.api.upgrade(int(old)))  # Telegram moves the group to a new id
    order = await world.say("resident_en", new, f"/order {buy} 1")
    (answer,) = await world.replies(new, order)
    assert buy in answer, answer
    await world.ask("committee", "通报 1号楼 明早送菜")
    assert "明早送菜" in await world.told(new, "明早送菜")  # the registration followed the group
    assert not [t for t in world.texts(old) if "明早送菜" in t]
