"""What Telegram does to a bot, and what the adapter (its own process, against the test Bot
API server and a real NATS) makes of it: privacy mode, commands for other bots, 409
Conflict, forum topics, a group upgraded to a supergroup, a long reply cut off half-way,
and the refusals that become `failed` receipts with a reason."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from shared.contracts.chat import ChatOut
from tests.support.chat_streams import chat_in, receipts
from tests.support.fake_telegram import FakeBotApi
from tests.support.serving import serving
from tests.support.waiting import eventually

TOKEN = "123456:platform-token"
ALICE, BOB, GROUP = 501, 502, -1003


@pytest.fixture
async def api():
    fake = FakeBotApi(TOKEN, privacy=False)
    async with serving(fake.app) as url:
        fake.url = url
        yield fake


@pytest.fixture
def run(api, start_adapter):
    def start(wait=True, **env):
        return start_adapter("telegram", {"LASTMILE_TELEGRAM_TOKEN": TOKEN, "LASTMILE_TELEGRAM_API_URL": api.url,
                                          "LASTMILE_TELEGRAM_POLL_TIMEOUT": "2", **env}, wait)
    return lambda wait=True, **env: asyncio.to_thread(start, wait, **env)


async def send(js, chat_id: str, text: str, message_id: str, reply_to: str | None = None) -> None:
    out = ChatOut(platform="telegram", chat_id=chat_id, text=text, reply_to=reply_to, message_id=message_id,
                  correlation_id="c")
    await js.publish("chat.out.telegram", out.model_dump_json().encode(), headers={"Nats-Msg-Id": message_id})


async def texts_in(js) -> list[str]:
    return [m.text for _, m in await chat_in(js, "telegram")]


async def until(check, what: str, timeout: float = 20):
    async def probe():
        return check()
    return await eventually(probe, timeout=timeout, what=what)


async def test_privacy_mode_is_reported_and_only_what_telegram_hands_over_arrives(chat_streams, api, run):
    js, api.privacy = chat_streams, True  # Telegram's default
    adapter = await run()
    assert adapter.metric("lastmile_adapter_telegram_privacy_mode") == 1
    assert "/setprivacy" in adapter.log_path.read_text()
    api.user_says(GROUP, BOB, "接龙 GB1 2")  # plain text: Telegram never hands it over
    api.user_says(GROUP, BOB, "/order GB1 2")  # a general command, and lastmile has not spoken here yet
    api.user_says(GROUP, BOB, "/order@lastmile_bot GB1 3")
    api.user_says(GROUP, BOB, "@lastmile_bot 接龙 GB1 4")
    found = await eventually(lambda: _at_least(texts_in(js), 2), what="the addressed messages")
    assert found == ["/order@lastmile_bot GB1 3", "接龙 GB1 4"]  # the mention is taken off
    await send(js, str(GROUP), "已收到", "p-1")  # lastmile speaks in the group
    [said] = await eventually(lambda: _true(api.sent), what="the bot's message")
    api.user_says(GROUP, BOB, "接龙 GB1 5", reply_to=said["message_id"])  # a reply to the bot
    api.user_says(GROUP, BOB, "/order GB1 6")  # lastmile was the last bot to speak here
    found = await eventually(lambda: _at_least(texts_in(js), 4), what="the reply and the general command")
    assert found[2:] == ["接龙 GB1 5", "/order GB1 6"]
    assert api.allowed == {"message", "edited_message"}  # what the adapter asked for


async def test_a_bot_without_privacy_mode_says_so_and_skips_commands_for_other_bots(chat_streams, run, api):
    js = chat_streams
    adapter = await run()
    assert adapter.metric("lastmile_adapter_telegram_privacy_mode") == 0
    api.user_says(GROUP, BOB, "/status@other_bot P3")
    api.user_says(GROUP, BOB, "/status@LastMile_Bot P3")
    api.user_says(GROUP, BOB, "/status P3")
    found = await eventually(lambda: _at_least(texts_in(js), 2), what="lastmile's two")
    assert found == ["/status@LastMile_Bot P3", "/status P3"]


async def test_a_webhook_or_a_second_poller_is_a_clear_error_until_it_is_gone(chat_streams, run, api):
    js = chat_streams
    api.set_webhook("https://elsewhere.example/hook")
    adapter = await run(wait=False, LASTMILE_TELEGRAM_CONFLICT_RETRY="0.5")  # it is not healthy: that is the point
    await until(lambda: (adapter.health() or {}).get("checks", {}).get("sole_poller") is False, "/health failing")
    assert adapter.metric("lastmile_adapter_telegram_conflict") == 1
    health = adapter.health()
    assert health["status"] != "ok" and health["checks"]["sole_poller"] is False, health
    assert "deleteWebhook" in adapter.log_path.read_text()
    api.webhook = ""  # the operator removed it
    api.user_says(ALICE, ALICE, "/help")
    await eventually(lambda: _at_least(texts_in(js), 1), what="a message once the webhook is gone")
    assert adapter.metric("lastmile_adapter_telegram_conflict") == 0 and adapter.health()["status"] == "ok"

    async with httpx.AsyncClient(timeout=10) as intruder:  # another program polls with the same token
        for _ in range(6):
            await intruder.post(f"{api.url}/bot{TOKEN}/getUpdates", json={"timeout": 1})
    await until(lambda: "only one poller per token" in adapter.log_path.read_text(), "the second poller reported")


async def test_a_forum_topic_is_a_chat_and_its_replies_stay_in_it(chat_streams, run, api):
    js = chat_streams
    api.group(GROUP, forum=True)
    await run()
    asked = api.user_says(GROUP, BOB, "/order GB1 2", topic=7)
    [(_, message)] = await eventually(lambda: chat_in(js, "telegram"), what="the topic's message")
    assert (message.chat_id, message.message_id) == (f"{GROUP}/7", str(asked))
    await send(js, message.chat_id, "已收到", "t-1", reply_to=message.message_id)
    await until(lambda: api.texts_in(GROUP, topic=7) == ["已收到"], "the reply in topic 7")


async def test_an_upgraded_group_keeps_its_id_for_lastmile_and_gets_its_messages(chat_streams, run, api):
    js = chat_streams
    api.group(-5, kind="group", title="1号楼")
    await run()
    before = api.user_says(-5, BOB, "/order GB1 2")
    new = api.upgrade(-5)
    after = api.user_says(new, BOB, "/order GB1 3")  # the supergroup numbers its messages from 1 again
    found = await eventually(lambda: _at_least(chat_in(js, "telegram"), 2), what="both orders")
    assert [(m.chat_id, m.message_id) for _, m in found] == [("-5", str(before)), ("-5", f"{new}:{after}")]
    assert len({key for key, _ in found}) == 2
    await send(js, "-5", "已收到 3", "m-1", reply_to=f"{new}:{after}")
    api.group(-6, kind="group")  # upgraded while the adapter never saw the service messages
    api.upgraded[-6] = api.group(-1006, title="2号楼")["id"]
    await send(js, "-6", "通报", "m-2")
    done = await eventually(lambda: _at_least(receipts(js, "telegram"), 2), what="both delivered")
    assert [r["status"] for r in done] == ["delivered", "delivered"]
    assert api.texts_in(new) == ["已收到 3"] and api.texts_in(-1006) == ["通报"]
    assert api.sent[0]["reply_to_message"]["message_id"] == after


async def test_a_long_reply_cut_off_half_way_sends_only_the_rest_later(chat_streams, run, api):
    js = chat_streams
    api.user_says(ALICE, ALICE, "/status")
    await run(LASTMILE_TELEGRAM_SEND_ATTEMPTS="2")
    parts = [f"{n}" * 4000 + "\n" for n in range(3)]
    api.break_sends(after=1)
    await send(js, str(ALICE), "".join(parts), "long-1")
    await until(lambda: api.calls.count("sendMessage") >= 3, "the outage met")
    api.heal()
    [receipt] = await eventually(lambda: receipts(js, "telegram"), what="the receipt", timeout=30)
    assert receipt["status"] == "delivered"
    assert api.texts_in(ALICE) == parts  # each part once, in order


async def test_undeliverable_messages_are_failed_receipts_with_their_reason(chat_streams, run, api):
    js = chat_streams
    for user in (ALICE, BOB):
        api.user_says(user, user, "/start")
    api.user_says(GROUP, BOB, "hi")
    api.block(ALICE)
    api.kick(GROUP)
    await run()
    for n, chat in enumerate((str(ALICE), str(GROUP), "-999", "777", str(BOB))):
        await send(js, chat, "notice", f"r-{n}")
    done = await eventually(lambda: _at_least(receipts(js, "telegram"), 5), what="five receipts")
    assert [(r["status"], r["reason"]) for r in done] == [
        ("failed", "blocked"), ("failed", "left"), ("failed", "chat_gone"), ("failed", "blocked"),
        ("delivered", None)]
    assert "blocked by the user" in done[0]["error"] and "kicked" in done[1]["error"]


async def test_one_unreadable_update_never_holds_up_the_others(chat_streams, run, api):
    js = chat_streams
    adapter = await run()
    api.user_says(ALICE, ALICE, "/help")
    api.updates[-1]["message"]["from"]["first_name"] = "x" * 300  # longer than the envelope takes
    api.user_says(BOB, BOB, "/help")
    [(_, message)] = await eventually(lambda: chat_in(js, "telegram"), what="the readable one")
    assert message.sender_id == str(BOB)
    assert adapter.metric("lastmile_adapter_telegram_updates_skipped_total") == 1
    await until(lambda: not api.updates, "both confirmed to Telegram")


async def test_the_test_server_long_polls_past_updates_the_bot_did_not_ask_for(api):
    async with httpx.AsyncClient(timeout=10) as client:
        asked = await client.post(f"{api.url}/bot{TOKEN}/getUpdates",
                                  json={"timeout": 0, "allowed_updates": ["message"]})
        assert asked.json() == {"ok": True, "result": []}
        api._push("my_chat_member", {"chat": {"id": GROUP}})  # not asked for: never created
        waiting = asyncio.create_task(client.post(f"{api.url}/bot{TOKEN}/getUpdates", json={"timeout": 5}))
        await asyncio.sleep(0.5)  # the poll is waiting (not a wait for a result)
        api.user_says(ALICE, ALICE, "/help")
        [update] = (await waiting).json()["result"]
    assert "message" in update


async def _true(value):
    return value


async def _at_least(awaitable, count: int):
    found = await awaitable
    return found if len(found) >= count else None
