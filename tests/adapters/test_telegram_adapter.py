"""The Telegram adapter against a Bot-API-compatible server on loopback and a real NATS, run
as its own process: private chats and groups in, replies out (through a 429), edits as
revisions, an offset confirmed only after JetStream acked, and a SIGKILL that loses nothing."""

from __future__ import annotations

import asyncio

import pytest

from shared.contracts.chat import ChatOut
from shared.contracts.streams import CHAT_IN
from shared.runtime.provision import ensure_stream
from tests.support.chat_streams import chat_in, receipts
from tests.support.fake_telegram import FakeBotApi
from tests.support.serving import serving
from tests.support.waiting import eventually

TOKEN = "123456:test-token"
ALICE, BOB, GROUP = 501, 502, -1003


@pytest.fixture
async def telegram():
    fake = FakeBotApi(TOKEN, privacy=False)  # as the README asks the operator to set it
    async with serving(fake.app) as url:
        fake.url = url
        yield fake


@pytest.fixture
def run_telegram(telegram, start_adapter):
    env = {"LASTMILE_TELEGRAM_TOKEN": TOKEN, "LASTMILE_TELEGRAM_API_URL": telegram.url,
           "LASTMILE_TELEGRAM_POLL_TIMEOUT": "2"}
    return lambda: start_adapter("telegram", env)


async def publish_out(js, out: ChatOut) -> None:
    await js.publish("chat.out.telegram", out.model_dump_json().encode(), headers={"Nats-Msg-Id": out.message_id})


async def test_messages_replies_through_a_429_and_edits(chat_streams, telegram, run_telegram):
    js = chat_streams
    await asyncio.to_thread(run_telegram)
    hello = telegram.user_says(ALICE, ALICE, "/bind R1-CODE")
    order = telegram.user_says(GROUP, BOB, "order 2 rice")
    found = await eventually(lambda: _count(chat_in(js, "telegram"), 2), what="both messages on chat.in.telegram")
    (key, dm), (_, group) = found
    assert key == f"telegram:{ALICE}:{hello}:0"
    assert (dm.chat_id, dm.chat_type, dm.sender_id, dm.sender_name, dm.text, dm.revision) == (
        str(ALICE), "direct", str(ALICE), "User501", "/bind R1-CODE", 0)
    assert dm.sent_at.tzinfo is not None
    assert (group.chat_id, group.chat_type, group.sender_id, group.message_id) == (
        str(GROUP), "group", str(BOB), str(order))

    telegram.rate_limit(1)
    await publish_out(js, ChatOut(platform="telegram", chat_id=str(GROUP), text="已收到 received",
                                  reply_to=str(order), message_id="out-1", correlation_id="c1"))
    await publish_out(js, ChatOut(platform="telegram", chat_id="0", text="x", message_id="out-2", correlation_id="c2"))
    done = await eventually(lambda: _count(receipts(js, "telegram"), 2), what="two receipts")
    assert done[0] == {"message_id": "out-1", "status": "delivered", "error": None, "reason": None}
    assert done[1]["status"] == "failed" and "chat not found" in done[1]["error"].lower()
    assert done[1]["reason"] == "chat_gone"
    (sent,) = telegram.sent
    assert sent["text"] == "已收到 received" and sent["reply_to_message"]["message_id"] == order
    assert telegram.calls.count("sendMessage") == 3  # the 429, its retry, the refused one

    telegram.user_edits(GROUP, BOB, order, "order 3 rice")
    found = await eventually(lambda: _count(chat_in(js, "telegram"), 3), what="the edit")
    key, edited = found[-1]
    assert (edited.message_id, edited.text) == (str(order), "order 3 rice")
    assert edited.revision > 0 and key == f"telegram:{GROUP}:{order}:{edited.revision}"


async def test_updates_are_confirmed_only_after_jetstream_acked(chat_streams, telegram, run_telegram):
    js = chat_streams
    await asyncio.to_thread(run_telegram)
    await js.delete_stream(CHAT_IN.name)  # JetStream cannot take chat.in now
    waiting = telegram.user_says(ALICE, ALICE, "are you there?")
    await eventually(lambda: _true(telegram.calls.count("getUpdates") >= 3), what="polls while NATS refuses")
    assert [u["message"]["message_id"] for u in telegram.updates] == [waiting]  # not confirmed to Telegram
    await ensure_stream(js, CHAT_IN)
    (( _, message),) = await eventually(lambda: chat_in(js, "telegram"), what="the message once JetStream is back")
    assert message.message_id == str(waiting)
    await eventually(lambda: _true(not telegram.updates), what="the update confirmed after the ack")


async def test_sigkill_mid_stream_loses_nothing_and_stores_nothing_twice(chat_streams, telegram, run_telegram):
    js = chat_streams
    telegram.batch = 3  # a backlog: many rounds, each saving its offset
    adapter = await asyncio.to_thread(run_telegram)
    sent = [telegram.user_says(ALICE if i % 2 else GROUP, ALICE if i % 2 else BOB, f"message {i}") for i in range(30)]
    await eventually(lambda: _count(chat_in(js, "telegram"), 8), what="the first messages stored")
    adapter.kill()
    stored_at_kill = len(await chat_in(js, "telegram"))
    sent += [telegram.user_says(ALICE, ALICE, f"while down {i}") for i in range(10)]
    assert stored_at_kill < len(sent), "the kill must come mid-stream"
    await asyncio.to_thread(adapter.start)

    found = await eventually(lambda: _count(chat_in(js, "telegram"), 40), timeout=30, what="every message stored")
    keys = [key for key, _ in found]
    assert sorted(int(m.message_id) for _, m in found) == sorted(sent)  # none lost
    assert len(keys) == len(set(keys)) == 40  # none stored twice
    await eventually(lambda: _true(not telegram.updates), what="everything confirmed to Telegram")


async def _count(awaitable, at_least: int):
    found = await awaitable
    return found if len(found) >= at_least else None


async def _true(value):
    return value
