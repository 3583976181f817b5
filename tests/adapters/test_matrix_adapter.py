"""The Matrix adapter against a real homeserver (synapse on loopback) and a real NATS, run as
its own process: rooms and direct chats in, threaded replies out, edits as revisions, and a
SIGKILL mid-stream that loses nothing and stores nothing twice."""

from __future__ import annotations

import asyncio

import pytest

from shared.contracts.chat import ChatOut
from tests.support.chat_streams import chat_in, receipts
from tests.support.waiting import eventually

from .conftest import unique
from .matrix_people import Person


@pytest.fixture
async def world(homeserver, chat_streams):
    """A bot account, Alice and Bob in a group room with it, and Alice's direct chat with it."""
    bot, alice, bob = (Person(homeserver, unique(n)) for n in ("bot", "alice", "bob"))
    group = await alice.create_room([bot.user_id, bob.user_id])
    await bob.join(group)
    direct = await alice.create_room([bot.user_id], direct=True)
    yield {"bot": bot, "alice": alice, "bob": bob, "group": group, "direct": direct, "url": homeserver}
    for person in (bot, alice, bob):
        await person.close()


def matrix_env(world) -> dict[str, str]:
    return {"LASTMILE_MATRIX_HOMESERVER": world["url"], "LASTMILE_MATRIX_USER": world["bot"].user_id,
            "LASTMILE_MATRIX_PASSWORD": world["bot"].password, "LASTMILE_MATRIX_SYNC_TIMEOUT": "5",
            "LASTMILE_MATRIX_TIMELINE_LIMIT": "5"}  # small: the restart must page through gaps


async def joined(world):
    bot = world["bot"].user_id
    return (bot in await world["alice"].members(world["group"])
            and bot in await world["alice"].members(world["direct"]))


async def test_messages_replies_and_edits(world, chat_streams, start_adapter):
    js, alice, bob = chat_streams, world["alice"], world["bob"]
    start_adapter("matrix", matrix_env(world))
    await eventually(lambda: joined(world), what="the bot joins the rooms it was invited to")

    hello = await alice.say(world["direct"], "/bind R1-CODE")
    order = await bob.say(world["group"], "order 2 rice")
    found = await eventually(lambda: _count(chat_in(js, "matrix"), 2), what="both messages on chat.in.matrix")
    by_id = {m.message_id: (key, m) for key, m in found}
    key, dm = by_id[hello]
    assert key == f"matrix:{world['direct']}:{hello}:0"
    assert (dm.platform, dm.chat_id, dm.chat_type, dm.sender_id, dm.text, dm.revision) == (
        "matrix", world["direct"], "direct", alice.user_id, "/bind R1-CODE", 0)
    assert dm.sent_at.tzinfo is not None
    _, group = by_id[order]
    assert (group.chat_type, group.chat_id, group.sender_id) == ("group", world["group"], bob.user_id)

    reply = ChatOut(platform="matrix", chat_id=world["group"], text="已收到 received", reply_to=order,
                    message_id="out-1", correlation_id="c1")
    await js.publish("chat.out.matrix", reply.model_dump_json().encode(), headers={"Nats-Msg-Id": "out-1"})
    (seen,) = await eventually(lambda: bob.messages_from(world["group"], world["bot"].user_id), what="the reply")
    assert seen["content"]["body"] == "已收到 received"
    assert seen["content"]["m.relates_to"]["m.in_reply_to"]["event_id"] == order
    stranger = ChatOut(platform="matrix", chat_id="!nowhere:localhost", text="x", message_id="out-2", correlation_id="c2")
    await js.publish("chat.out.matrix", stranger.model_dump_json().encode(), headers={"Nats-Msg-Id": "out-2"})
    done = await eventually(lambda: _count(receipts(js, "matrix"), 2), what="two receipts")
    assert done[0] == {"message_id": "out-1", "status": "delivered", "error": None, "reason": None}
    assert done[1]["message_id"] == "out-2" and done[1]["status"] == "failed" and done[1]["error"]
    assert done[1]["reason"] == "left", done[1]  # a room the bot is not in

    await bob.edit(world["group"], order, "order 3 rice")
    found = await eventually(lambda: _count(chat_in(js, "matrix"), 3), what="the edit")
    key, edited = found[-1]
    assert (edited.message_id, edited.text) == (order, "order 3 rice")
    assert edited.revision > 0 and key == f"matrix:{world['group']}:{order}:{edited.revision}"


async def test_sigkill_mid_stream_loses_nothing_and_stores_nothing_twice(world, chat_streams, start_adapter):
    js, alice, bob = chat_streams, world["alice"], world["bob"]
    adapter = start_adapter("matrix", matrix_env(world))
    await eventually(lambda: joined(world), what="the bot joins")
    sent: list[str] = []

    async def keep_talking(count: int):
        for i in range(count):
            person, room = (alice, world["direct"]) if i % 2 else (bob, world["group"])
            sent.append(await person.say(room, f"message {i}"))

    talking = asyncio.create_task(keep_talking(40))
    await eventually(lambda: _count(chat_in(js, "matrix"), 8), what="the first messages stored")
    adapter.kill()
    stored_at_kill = len(await chat_in(js, "matrix"))
    await talking  # people go on writing while the adapter is down
    assert stored_at_kill < len(sent), "the kill must come mid-stream"
    adapter.start()

    found = await eventually(lambda: _count(chat_in(js, "matrix"), 40), timeout=30, what="every message stored")
    keys = [key for key, _ in found]
    assert sorted(m.message_id for _, m in found) == sorted(sent)  # none lost
    assert len(keys) == len(set(keys)) == 40  # none stored twice


async def test_a_rewound_position_replays_into_the_dedupe_key(world, chat_streams, start_adapter, tmp_path):
    js, alice = chat_streams, world["alice"]
    adapter = start_adapter("matrix", matrix_env(world))
    await eventually(lambda: joined(world), what="the bot joins")
    position = tmp_path / "data" / "adapters" / "matrix.next_batch"
    first = await alice.say(world["direct"], "one")
    await eventually(lambda: _count(chat_in(js, "matrix"), 1), what="the first message")
    old = position.read_text()
    for text in ("two", "three"):
        await alice.say(world["direct"], text)
    await eventually(lambda: _count(chat_in(js, "matrix"), 3), what="three messages")
    adapter.stop()
    position.write_text(old)  # as if it had crashed right after storing "one"
    adapter.start()

    await eventually(lambda: _true(adapter.metric("lastmile_adapter_replayed_total") >= 2), what="the replay")
    found = await chat_in(js, "matrix")
    assert [m.text for _, m in found] == ["one", "two", "three"] and found[0][1].message_id == first


async def test_a_saved_token_of_another_account_is_not_used(world, chat_streams, start_adapter, tmp_path):
    token = tmp_path / "data" / "adapters" / "matrix.token"
    token.parent.mkdir(parents=True)
    token.write_text(world["alice"].token)  # LASTMILE_MATRIX_USER changed since the last login
    adapter = start_adapter("matrix", matrix_env(world))
    await eventually(lambda: joined(world), what="the bot (not Alice) joins the rooms")
    assert adapter.metric("lastmile_matrix_logins_total") == 1 and token.read_text() != world["alice"].token


async def _count(awaitable, at_least: int):
    found = await awaitable
    return found if len(found) >= at_least else None


async def _true(value):
    return value
