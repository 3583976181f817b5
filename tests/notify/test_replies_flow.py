"""notify over a real NATS: threaded replies in the person's language, help per role,
group chats and announcements with their reach report."""

from __future__ import annotations

from shared.contracts.intake import HelpRequested, MessageRejected
from shared.contracts.vetting import GroupBuyClosed, OrderAccepted
from tests.notify.helpers import (ChatOutReader, actor, announce, chat, notify, notify_settings, person,
                                  receipt, register_group, settle)
from tests.support.services import events_of, publish_event
from tests.support.waiting import eventually


async def test_a_refusal_is_answered_in_the_senders_chat_threaded_and_in_their_roster_language(js, settings_for):
    out = ChatOutReader(js)
    async with notify(js, notify_settings(settings_for)):
        ref = await person(js, "R1", language="en")
        await settle(js, "notify-intake")
        # intake guessed zh from the text, but R1's roster says English
        await publish_event(js, MessageRejected(chat=ref, language="zh", person_id="R1", reason="wrong_role",
                                                params={"command": "vendor", "needed": "group_leader|committee",
                                                        "role": "resident"}))
        stranger = chat("dm-x", sender="x")
        await publish_event(js, MessageRejected(chat=stranger, language="zh", reason="not_bound",
                                                params={"hint": "绑定", "command": "order"}))
        replies = await out.wait_for(1, chat_id=ref.chat_id, reply_to=ref.message_id)
        (to_stranger,) = await out.wait_for(1, chat_id="dm-x")
    assert "vendor is for group leader or committee" in replies[0].text
    assert to_stranger.reply_to == stranger.message_id and "绑定" in to_stranger.text


async def test_help_lists_the_commands_of_the_persons_role(js, settings_for):
    out = ChatOutReader(js)
    async with notify(js, notify_settings(settings_for)):
        guard, resident = chat("dm-g", sender="g"), chat("dm-r", sender="r")
        await publish_event(js, HelpRequested(chat=guard, language="en", role="guard"))
        await publish_event(js, HelpRequested(chat=resident, language="zh", role="resident"))
        (to_guard,) = await out.wait_for(1, chat_id="dm-g")
        (to_resident,) = await out.wait_for(1, chat_id="dm-r")
    assert "/arrive" in to_guard.text and "/order" not in to_guard.text
    assert "接龙 [GB12]" in to_resident.text and "到货 GB12" not in to_resident.text


async def test_an_announcement_reaches_building_groups_and_the_committee_hears_which(js, settings_for):
    out = ChatOutReader(js)
    committee = actor("C1", "committee", "en")
    async with notify(js, notify_settings(settings_for)):
        own_chat = await person(js, "C1", role="committee", language="en")
        await register_group(js, committee, "g-all", "all")
        await register_group(js, committee, "g-3", "3")
        await register_group(js, committee, "g-5", "5")
        await settle(js, "notify-intake")
        text = "Water is off 14:00-16:00 {{ 7*7 }} {% for x in y %}"
        await publish_event(js, announce(committee, "3", text))
        (notice,) = await out.wait_for(1, chat_id="g-3", text=f"[Announcement] {text}")
        assert await out.count(chat_id="g-5", text=f"[Announcement] {text}") == 0
        await receipt(js, notice, "delivered")
        report = await out.wait_for(1, chat_id=own_chat.chat_id, reply_to=None)
        reported = (await events_of(js, "notify", "broadcast.reported"))[0].data
    assert [g["chat_id"] for g in reported["reached"]] == ["g-3"] and reported["missed"] == []
    assert reported["complete"] is True
    assert "reached 1 of 1" in report[-1].text


async def test_a_household_hears_about_its_order_only_in_its_own_chat(js, settings_for):
    out = ChatOutReader(js)
    async with notify(js, notify_settings(settings_for)):
        ref = await person(js, "R7", building="3", room="1201")
        await settle(js, "notify-intake")
        await publish_event(js, OrderAccepted(person_id="R7", chat=ref, language="zh", groupbuy_id="GB1",
                                              item="大米", qty=2, building="3", room="1201", remaining_to_min=8))
        replies = await out.wait_for(2, chat_id=ref.chat_id)
    assert replies[-1].text == "接龙成功：3-1201 在 GB1 订 大米 × 2。距起订量还差 8。"
    assert replies[-1].reply_to == ref.message_id
    await eventually(lambda: _all_for(out, ref.chat_id), what="no other chat")


async def _all_for(out, chat_id):
    return all(m.chat_id == chat_id for m in await out.read())


async def test_every_group_hears_when_a_buy_closes_and_what_was_dropped(js, settings_for):
    out = ChatOutReader(js)
    committee = actor("C1", "committee", "en")
    async with notify(js, notify_settings(settings_for)):
        await person(js, "L1", role="group_leader")
        await register_group(js, committee, "g-all", "all")
        await register_group(js, committee, "g-3", "3")
        await settle(js, "notify-intake")
        await publish_event(js, GroupBuyClosed(groupbuy_id="GB4", vendor_id="V1", leader_id="L1", by="deadline",
                                               dropped_items=["油"]))
        await eventually(lambda: _closed_in(out, "g-all", "g-3"), what="the close notice in both groups")
        everyone, building = await _closed_in(out, "g-all", "g-3")
    assert everyone.text == building.text
    # the groups speak the language of the committee member who registered them (en here)
    assert everyone.text.startswith("Group buy GB4 is closed (deadline reached): orders are final")
    assert "missing their minimum: 油" in everyone.text


async def _closed_in(out, *chat_ids):
    """The GB4 notice of each chat, once every one of them has exactly one."""
    found = [[m for m in await out.read() if m.chat_id == chat_id and "GB4" in m.text] for chat_id in chat_ids]
    return [notices[0] for notices in found] if all(len(n) == 1 for n in found) else None
