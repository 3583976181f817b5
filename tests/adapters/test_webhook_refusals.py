"""What the webhook platform answers becomes the receipt notify acts on: a refusal is a
`failed` receipt with its reason (never retried by notify), a 429 is waited out as its
`Retry-After` asks and then delivered, a platform that stays away is a passing failure
(no reason: notify tries again later). In long-poll mode the platform says the same."""

from __future__ import annotations

from collections import Counter

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from adapters.webhook.app import make_app
from adapters.webhook.settings import WebhookSettings
from shared.contracts.chat import ChatOut
from tests.support.chat_streams import receipts
from tests.support.services import provision_all
from tests.support.serving import serving
from tests.support.waiting import eventually

ANSWERS = {"dm-blocked": 403, "dm-gone": 404, "gone-group": 410, "dm-bad": 400, "dm-down": 503}


def platform():
    posts: Counter[str] = Counter()

    async def hook(request: Request) -> JSONResponse:
        chat = (await request.json())["chat_id"]
        posts[chat] += 1
        if chat == "dm-slow" and posts[chat] == 1:
            return JSONResponse({}, status_code=429, headers={"Retry-After": "1"})
        return JSONResponse({}, status_code=ANSWERS.get(chat, 200))

    return Starlette(routes=[Route("/hook", hook, methods=["POST"])]), posts


async def send(js, platform_name: str, chat: str, message_id: str) -> None:
    out = ChatOut(platform=platform_name, chat_id=chat, text="notice", message_id=message_id, correlation_id="c")
    await js.publish(f"chat.out.{platform_name}", out.model_dump_json().encode(), headers={"Nats-Msg-Id": message_id})


async def test_each_answer_of_the_platform_is_the_receipt_it_means(js, nats_url, tmp_path):
    await provision_all(js)
    app, posts = platform()
    chats = [*ANSWERS, "dm-slow"]
    async with serving(app) as url:
        settings = WebhookSettings(nats_url=nats_url, data_dir=tmp_path, ack_wait=5, webhook_platform="refusals",
                                   webhook_outgoing_url=f"{url}/hook", webhook_backoff=0.05, webhook_attempts=3)
        async with serving(make_app(settings)):
            for n, chat in enumerate(chats):
                await send(js, "refusals", chat, f"o{n}")
            done = await eventually(lambda: _at_least(receipts(js, "refusals"), len(chats)), what="every receipt")
    by_chat = {chat: (r["status"], r["reason"]) for chat, r in zip(chats, done)}
    assert by_chat == {"dm-blocked": ("failed", "blocked"), "dm-gone": ("failed", "chat_gone"),
                       "gone-group": ("failed", "left"), "dm-bad": ("failed", "refused"),
                       "dm-down": ("failed", None), "dm-slow": ("delivered", None)}
    assert posts["dm-blocked"] == 1 and posts["dm-down"] == 3 and posts["dm-slow"] == 2  # a 4xx is not retried


async def test_a_long_polling_platform_says_why_a_message_failed(js, nats_url, tmp_path):
    await provision_all(js)
    settings = WebhookSettings(nats_url=nats_url, data_dir=tmp_path, ack_wait=5, webhook_platform="polled")
    async with serving(make_app(settings)) as url:
        await send(js, "polled", "dm-1", "p1")
        await send(js, "polled", "dm-2", "p2")
        async with httpx.AsyncClient(timeout=10) as client:
            polled = []
            while len(polled) < 2:
                polled += (await client.get(f"{url}/outbox", params={"wait": 5})).json()["messages"]
            acked = await client.post(f"{url}/outbox/ack", json={"failed": {
                "p1": {"error": "user blocked the bot", "reason": "blocked"}, "p2": "timeout"}})
        assert acked.json() == {"acked": 2, "unknown": []}
        done = await eventually(lambda: _at_least(receipts(js, "polled"), 2), what="both receipts")
    assert [(r["message_id"], r["reason"]) for r in done] == [("p1", "blocked"), ("p2", None)]


async def _at_least(awaitable, count: int):
    found = await awaitable
    return found if len(found) >= count else None
