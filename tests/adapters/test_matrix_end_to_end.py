"""Residents on a real Matrix homeserver, through the real services and the Matrix adapter,
all as their own processes: each writes in Matrix and reads the answer in Matrix. One
compound for the module (its set-up binds everyone, registers the building group and opens
a group buy); each test then plays one thing people do."""

from __future__ import annotations

import re

import pytest

from shared.contracts.chat import ChatOut
from tests.support.waiting import eventually

from .matrix_compound import MatrixCompound
from .scenes import open_vegetable_buy

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
async def mx(homeserver, tmp_path_factory):
    world = MatrixCompound(tmp_path_factory.mktemp("matrix-e2e"), homeserver)
    try:
        world.start()
        await world.open_direct_chats()
        world.bound = await world.bind_everyone()
        world.building = await world.group("1号楼", "resident_en", "resident_zh")
        world.registered = await world.ask("committee", "群登记 1", world.building)
        yield world
    finally:
        await world.close()


@pytest.fixture(scope="module")
async def buy(mx):
    return await open_vegetable_buy(mx)


async def test_everyone_binds_in_their_direct_chat_in_their_language(mx):
    assert mx.bound["resident_en"].startswith("Linked:"), mx.bound
    assert mx.bound["resident_zh"].startswith("绑定成功"), mx.bound
    assert mx.bound["committee"].startswith("绑定成功"), mx.bound
    wrong = await mx.ask("resident_zh", "绑定 ZZZZ-ZZZZ-ZZZZ")
    assert wrong.startswith("绑定码无效"), wrong


async def test_the_committee_registers_the_building_group_in_the_group(mx):
    assert "1" in mx.registered and re.search(r"群|group", mx.registered), mx.registered


async def test_an_order_in_the_group_and_its_edit_are_both_answered_there(mx, buy):
    alice = mx.people["resident_en"].person
    order = await alice.say(mx.building, f"/order {buy} 2")
    (first,) = await mx.replies(alice, mx.building, order)
    await alice.edit(mx.building, order, f"/order {buy} 3")
    first_again, edited = await mx.replies(alice, mx.building, order, count=2)
    assert first_again == first and "2" in first and "3" in edited and first != edited, (first, edited)


async def test_a_racked_parcel_is_told_in_the_residents_direct_chat(mx):
    arrived = await mx.ask("guard", "/arrive parcel 1-102")
    (arrival,) = re.findall(r"\bP\d+\b", arrived)[:1] or [arrived]
    await mx.ask("property", f"消杀 {arrival}")
    staff = mx.people["property"]
    carry = await mx.told(staff.person, staff.dm, re.escape(arrival) + r".*已放行")
    (item,) = re.findall(r"(\w+) → 1号楼货架", carry)
    racked = await mx.ask("property", f"上架 {item} 3层")
    assert f"{item} 已放上1号楼货架" in racked, racked
    resident = mx.people["resident_zh"]
    notice = await mx.told(resident.person, resident.dm, "已放在1号楼货架")
    assert notice.startswith(f"1-102 的") and item in notice and "货位 3层" in notice, notice


async def test_an_announcement_reaches_the_group_and_the_committee_reads_its_reach(mx):
    committee = mx.people["committee"]
    await mx.ask("committee", "通报 全体 明早八点核酸检测")
    bob = mx.people["resident_zh"].person
    assert "明早八点核酸检测" in await mx.told(bob, mx.building, "明早八点核酸检测")
    report = await mx.told(committee.person, committee.dm, "个群中已送达")
    assert "1 个群中已送达 1 个" in report and "已送达：1号楼（matrix）" in report, report


async def test_a_malformed_event_is_skipped_and_the_rest_of_its_round_answered(mx):
    alice = mx.people["resident_en"]
    mx.adapter.stop()  # the three land in one sync round when it comes back
    before = await alice.person.say(alice.dm, "/help")
    poison = await alice.person.send(alice.dm, {"msgtype": "m.text", "body": "/help order",
                                                "m.relates_to": {"m.in_reply_to": "oops"}})
    after = await alice.person.say(alice.dm, "/help bind")
    mx.adapter.start()
    assert await mx.replies(alice.person, alice.dm, before) and await mx.replies(alice.person, alice.dm, after)
    assert mx.adapter.metric("lastmile_matrix_events_skipped_total") == 1
    log = mx.adapter.log_path.read_text()
    assert f"skipped unreadable event {poison}" in log and "oops" not in log
    # The position moved past it: the next round is a new one, answered.
    assert await mx.replies(alice.person, alice.dm, await alice.person.say(alice.dm, "/help order"))
    assert not [m for m in await mx.from_bot(alice.person, alice.dm) if m["content"].get("m.relates_to", {})
                .get("m.in_reply_to", {}).get("event_id") == poison]
    # The restart reused the saved access token: no new login, no second token.
    assert mx.adapter.metric("lastmile_matrix_logins_total") == 0


async def test_an_invite_into_a_room_with_history_answers_only_what_comes_after(mx):
    bob = mx.people["resident_zh"].person
    room = await bob.create_room([])
    old = [await bob.say(room, text) for text in ("帮助", "/help", "绑定 ZZZZ-ZZZZ-ZZZZ", "帮助 接龙")]
    await bob.invite(room, mx.bot.user_id)
    await eventually(lambda: mx._joined(bob, room), what="the bot joins the room with history")
    new = await bob.say(room, "帮助 绑定")
    assert await mx.replies(bob, room, new)
    answered = {(m["content"].get("m.relates_to") or {}).get("m.in_reply_to", {}).get("event_id")
                for m in await mx.from_bot(bob, room)}
    assert answered == {new}, (answered, old)


async def test_a_one_to_one_room_without_is_direct_is_a_direct_chat(mx):
    alice, bob = mx.people["resident_en"], mx.people["resident_zh"]
    room = await alice.person.create_room([mx.bot.user_id])  # "New room", not "Start chat"
    await eventually(lambda: mx._joined(alice.person, room), what="the bot joins the plain room")
    bound = await mx.ask("resident_en", alice.bind, room)
    assert bound.startswith("Linked:"), bound
    # A later notice for Alice reaches her there: Bob names her as his proxy.
    await mx.ask("resident_zh", f"代取 {alice.person_id}")
    told = await mx.told(alice.person, room, "named you to pick up")
    assert told.startswith("1-102 named you"), told
    assert not [m for m in await mx.from_bot(alice.person, alice.dm) if "named you" in m["content"]["body"]]


async def test_a_command_behind_the_bots_mention_in_a_thread_is_answered_in_the_thread(mx, buy):
    alice, bob = mx.people["resident_en"].person, mx.people["resident_zh"].person
    root = await bob.say(mx.building, "明天的菜谁还要？")
    name = mx.bot.user_id[1:].split(":")[0]  # its display name: registered without one
    command = await alice.send(mx.building, {
        "msgtype": "m.text", "body": f"{name}: /order {buy} 1",
        "format": "org.matrix.custom.html",
        "formatted_body": f'<a href="https://matrix.to/#/{mx.bot.user_id}">{name}</a>: /order {buy} 1',
        "m.mentions": {"user_ids": [mx.bot.user_id]},
        "m.relates_to": {"rel_type": "m.thread", "event_id": root, "is_falling_back": True,
                         "m.in_reply_to": {"event_id": root}}})
    (answer,) = await mx.replies(alice, mx.building, command)
    assert buy in answer and "1" in answer, answer
    (sent,) = [m for m in await mx.from_bot(alice, mx.building)
               if m["content"].get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id") == command]
    relation = sent["content"]["m.relates_to"]
    assert (relation["rel_type"], relation["event_id"], relation["is_falling_back"]) == ("m.thread", root, False)


async def test_an_encrypted_room_is_told_once_it_cannot_be_read_and_gets_nothing_in_the_clear(mx):
    guard = mx.people["guard"].person
    room = await guard.create_room([mx.bot.user_id], direct=True, encrypted=True)
    await eventually(lambda: mx._joined(guard, room), what="the bot joins the encrypted chat")
    await guard.send_encrypted(room)
    told = await mx.told(guard, room, "端到端加密")
    assert "end-to-end encrypted" in told and "New room" in told
    await mx.publish_out(ChatOut(platform="matrix", chat_id=room, text="P7 已放上1号楼货架", message_id="e2ee-1",
                                 correlation_id="c-e2ee"))
    receipt = await eventually(lambda: _receipt(mx, "e2ee-1"), what="the receipt of a notice for the encrypted room")
    assert (receipt["status"], receipt["reason"]) == ("failed", "refused") and "encrypted" in receipt["error"]
    assert mx.adapter.metric("lastmile_matrix_encrypted_rooms") >= 1
    mx.restart_adapter()
    await guard.send_encrypted(room)
    # Once its reply is seen, the round with the second encrypted event was handled too.
    assert await mx.replies(guard, mx.people["guard"].dm, await guard.say(mx.people["guard"].dm, "/help"))
    bodies = [m["content"]["body"] for m in await mx.from_bot(guard, room)]
    assert sum("端到端加密" in b for b in bodies) == 1 and not any("P7" in b for b in bodies), bodies


async def _receipt(mx, message_id: str) -> dict | None:
    return next((r for r in await mx.receipts() if r["message_id"] == message_id), None)
