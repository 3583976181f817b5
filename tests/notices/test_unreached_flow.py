"""Nothing silently reaches nobody: a notice for someone not bound, or for a building whose
group is not registered yet, is not counted as sent; the committee sees it on its list; it is
sent when the person binds or the group is registered. Real services over a real NATS; people
only write chat messages and read their chats."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from lastmile.cli import app
from tests.medicine.stack import own_settings
from tests.notify.helpers import receipt
from tests.support.services import settings_env
from tests.support.waiting import eventually

from .compound import compound

ROSTER = """building,room,name,role,language
3,1201,王芳,resident,zh
3,1202,Li Lei,resident,en
,,孙保安,guard,zh
,,周物业,property,zh
,,刘主任,committee,zh
,,Committee Smith,committee,en
,,陈团长,group_leader,zh
"""
WANG, LI, GUARD, PROPERTY, COMMITTEE, SMITH, LEADER = (f"R{n}" for n in range(1, 8))


def unreached_cli(settings_for):
    """`lastmile notices unreached` on notify's store, as the committee's operator runs it."""
    env = {**settings_env(own_settings(settings_for, "notify")), "COLUMNS": "200"}
    return CliRunner().invoke(app, ["notices", "unreached", "-l", "en"], env=env)


async def parcel_on_rack(c, room: str) -> tuple[str, str]:
    """A parcel for `room` through the gate to its rack: (its id, the racker's reply)."""
    arrival = await c.say(f"到货 快递 {room}", GUARD)
    (registered,) = await c.answers(arrival)
    parcel = re.search(r"P\d+", registered).group()
    await c.answer(await c.say(f"消杀 {parcel}", PROPERTY), parcel)
    c.later(hours=2, minutes=1)
    await c.told(f"dm-{PROPERTY}", f"{parcel}已放行")  # delivery's carry list reaches property
    racked = await c.say(f"上架 {parcel}", PROPERTY)
    return parcel, await c.answer(racked, "已通知")


async def test_a_rack_notice_to_someone_not_bound_is_not_counted_as_sent_and_reaches_them_when_they_bind(
        js, settings_for, tmp_path):
    async with compound(js, settings_for, tmp_path, ROSTER) as c:
        await c.bind(GUARD, PROPERTY, COMMITTEE)
        parcel, reply = await parcel_on_rack(c, "3-1201")
        assert "已通知 0 人" in reply and "1 人暂时联系不上" in reply, reply

        listed = await c.answer(await c.say("查询", COMMITTEE), "未送达的通知")
        assert "未送达的通知 1 条" in listed and "王芳 3-1201（未绑定聊天）" in listed and parcel in listed, listed
        printed = unreached_cli(settings_for)
        assert printed.exit_code == 1 and "王芳 3-1201" in printed.stdout and "no chat bound" in printed.stdout

        c.later(hours=4)  # a reminder falls due, and waits for her too

        async def both_listed():  # the reminder's timer fires on its own: ask until it is listed
            text = await c.answer(await c.say("查询", COMMITTEE), "未送达的通知")
            return text if "未送达的通知 2 条" in text else None
        assert "提醒" in await eventually(both_listed, what="the reminder on the list")

        await c.bind(WANG)
        late = await c.told(f"dm-{WANG}", "补发")
        assert parcel in late.text and "3-1201" in late.text and "第 1 次提醒" in late.text, late.text
        await c.answer(await c.say("查询", COMMITTEE), "未送达的通知：无")
        printed = unreached_cli(settings_for)
        assert printed.exit_code == 0 and "no notice is waiting" in printed.stdout, printed.stdout
        assert len([t for t in await c.inbox(f"dm-{WANG}") if "补发" in t]) == 1  # the newest, not both


async def test_a_buy_opened_before_any_group_was_registered_is_posted_when_one_is(js, settings_for, tmp_path):
    async with compound(js, settings_for, tmp_path, ROSTER) as c:
        await c.bind(LEADER, SMITH, LI)
        vendor = await c.say("/vendor Fresh Farm\nlicence 9131 2030-01-01\nfood JY31 2030-01-01", LEADER)
        await c.answer(vendor, "V1")
        await c.answer(await c.say("/approve V1", SMITH), "V1")
        proposal = await c.say("/groupbuy V1 until 18:00\ngreens vegetables 5 min 2", LEADER)
        await c.answer(proposal, "GB1")
        await c.answer(await c.say("/approve GB1", SMITH), "GB1")
        listed = await c.answer(await c.say("/status", SMITH), "reached nobody")
        assert "every group (no group registered yet)" in listed and "GB1" in listed, listed

        registered = await c.say("/groupchat 3", SMITH, chat_id="g-3", group=True)
        await c.answer(registered, "3")
        late = await c.told("g-3", "Sent late")
        assert "GB1" in late.text, late.text
        assert await c.answer(await c.say("/status", SMITH), "reached nobody") == "Notices that reached nobody: none."


async def test_a_failed_receipt_is_not_reached_in_the_report_and_on_the_committee_s_list(js, settings_for, tmp_path):
    async with compound(js, settings_for, tmp_path, ROSTER) as c:
        await c.bind(SMITH)
        for building in ("3", "5"):
            await c.answer(await c.say(f"/groupchat {building}", SMITH, chat_id=f"g-{building}", group=True),
                           building)
        await c.answer(await c.say("/announce all Water is off 14:00-16:00", SMITH), "2")
        reached = await c.told("g-3", "Water is off")
        await c.fail(await c.told("g-5", "Water is off"), "left", "403 Forbidden: bot was kicked from the group")
        await receipt(js, reached)
        report = await c.told(f"dm-{SMITH}", "Missed")  # at once: a chat the bot left is not retried
        assert "building 5" in report.text and "Missed: building 3" not in report.text, report.text
        inbox = await c.inbox("g-5")
        assert inbox[-1] == "[Announcement] Water is off 14:00-16:00" and len(inbox) == 2  # once, not retried

        listed = await c.answer(await c.say("/status", SMITH), "reached nobody")
        assert "building 5's groups (the bot is no longer in that chat: 403 Forbidden" in listed, listed
        assert "Water is off" in listed


async def test_a_parcel_for_a_room_not_on_the_roster_is_refused_at_the_gate(js, settings_for, tmp_path):
    async with compound(js, settings_for, tmp_path, ROSTER + ",,Guard Lee,guard,en\n") as c:
        await c.bind(GUARD, "R8")
        refused = await c.answers(await c.say("到货 快递 9-999", GUARD))
        assert refused == ["未登记：名单上没有 9-999 这一户：请核对面单上的楼号和房号后重新登记；确无此户请拒收。"]
        (en,) = await c.answers(await c.say("/arrive medicine 3-1209 keep cold", "R8"))
        assert "Nobody on the roster lives in 3-1209" in en, en
        (accepted,) = await c.answers(await c.say("到货 快递 3-1202 顺丰", GUARD))
        assert "P1" in accepted  # a room on the roster is registered as before, and numbered first


async def test_property_staff_are_told_of_each_arrival_to_disinfect(js, settings_for, tmp_path):
    roster = ROSTER + ",,Property Jones,property,en\n"
    async with compound(js, settings_for, tmp_path, roster) as c:
        await c.bind(GUARD, PROPERTY, "R8")
        await c.answers(await c.say("到货 快递 3-1201 易碎", GUARD))
        await c.answers(await c.say("/arrive medicine 3-1202", GUARD))
        zh = await c.told(f"dm-{PROPERTY}", "P1")
        assert zh.text.startswith("门口到货待消杀：P1（包裹，送 3-1201），备注：易碎。请于") and "「消杀 P1」" in zh.text
        en = await c.told("dm-R8", "M1")
        assert en.text.startswith("At the gate, to disinfect: M1 (medicine for 3-1202). Disinfect by"), en.text
        assert "/disinfect M1" in en.text


async def test_several_ids_in_one_command_are_each_handled_and_each_answered(js, settings_for, tmp_path):
    async with compound(js, settings_for, tmp_path, ROSTER + ",,Property Jones,property,en\n") as c:
        await c.bind(GUARD, PROPERTY, "R8", LI)
        for _ in range(3):
            await c.answers(await c.say("到货 药品 3-1202", GUARD))
        batch = await c.say("消杀 M1 M2 M3 M9", PROPERTY)
        answers = await c.answers(batch, 4)
        assert sorted(answers) == ["M1 已于 04-10 09:00 消杀，开始静置。", "M2 已于 04-10 09:00 消杀，开始静置。",
                                   "M3 已于 04-10 09:00 消杀，开始静置。", "未能处理：没有到货记录 M9。"]  # M2 M3 no method

        for _ in range(2):
            await c.answers(await c.say("/arrive parcel 3-1202", GUARD))
        (en,) = [a for a in await c.answers(await c.say("/disinfect P1, P2 spray", "R8"), 2) if "P1" in a]
        assert "spray" in en, en
        c.later(hours=2, minutes=1)
        await c.told(f"dm-{PROPERTY}", "P2已放行")
        racked = await c.answers(await c.say("/racked P1 P2 B2", "R8"), 2)
        assert sorted(a.split()[0] for a in racked) == ["P1", "P2"] and all("slot B2" in a for a in racked), racked
        picked = await c.answers(await c.say("/picked P1 P2", LI), 2)
        assert sorted(a.split(",")[0] for a in picked) == ["Picked up: P1 for 3-1202", "Picked up: P2 for 3-1202"]


async def test_a_building_group_registered_after_a_buy_opened_is_sent_it_once(js, settings_for, tmp_path):
    async with compound(js, settings_for, tmp_path, ROSTER) as c:
        await c.bind(LEADER, SMITH)
        await c.answer(await c.say("/groupchat 3", SMITH, chat_id="g-3", group=True), "3")
        await c.answer(await c.say("/vendor Fresh Farm\nlicence 9131 2030-01-01\nfood JY31 2030-01-01", LEADER), "V1")
        await c.answer(await c.say("/approve V1", SMITH), "V1")
        await c.answer(await c.say("/groupbuy V1 until 18:00\ngreens vegetables 5", LEADER), "GB1")
        await c.answer(await c.say("/approve GB1", SMITH), "GB1")
        await c.told("g-3", "GB1")
        assert await c.answer(await c.say("/status", SMITH), "reached nobody") == "Notices that reached nobody: none."

        await c.answer(await c.say("/groupchat 5", SMITH, chat_id="g-5", group=True), "5")
        late = await c.told("g-5", "Sent late")
        assert "GB1" in late.text, late.text
        await c.answer(await c.say("/groupchat 3", SMITH, chat_id="g-3", group=True), "3")  # registered again
        await c.answer(await c.say("/close GB1", LEADER), "GB1")
        await c.told("g-3", "closed")
        assert len([t for t in await c.inbox("g-3") if "GB1" in t and "Sent late" in t]) == 0
        await c.answer(await c.say("/groupchat 7", SMITH, chat_id="g-7", group=True), "7")
        await c.answer(await c.say("/status", SMITH), "reached nobody")  # g-7's registration is handled
        assert [t for t in await c.inbox("g-7") if "GB1" in t] == []  # closed: its opening is no news
