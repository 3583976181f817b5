"""A lone reply reaches the platform at once: the delivery loop keeps a pull request open
(the services' PullLoop) instead of `fetch(16, timeout=5)`, which held a single message until
the batch timed out (3.9 s seen). Measured through the real adapter processes; the figure is
printed at the end of the run, the test asserts only that every reply arrived once."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from shared.contracts.chat import ChatOut
from tests.support.fake_telegram import FakeBotApi
from tests.support.serving import serving
from tests.support.waiting import eventually

from .conftest import report

TOKEN, ALICE, ROUNDS = "123456:lone-reply", 501, 5


async def publish(js, platform: str, n: int) -> None:
    out = ChatOut(platform=platform, chat_id=str(ALICE), text=f"reply {n}", message_id=f"lone-{n}", correlation_id="c")
    await js.publish(f"chat.out.{platform}", out.model_dump_json().encode(), headers={"Nats-Msg-Id": out.message_id})


async def lone_replies(js, platform: str, arrived) -> list[float]:
    """Seconds from publish to the platform, for replies sent one at a time, 1 s apart."""
    taken = []
    for n in range(ROUNDS):
        await asyncio.sleep(1)  # idle between replies, as a quiet compound is
        started = time.perf_counter()
        await publish(js, platform, n)
        await eventually(lambda: _true(arrived(n)), timeout=15, interval=0.005, what=f"reply {n}")
        taken.append(time.perf_counter() - started)
    return taken


def _summary(platform: str, taken: list[float]) -> str:
    ms = sorted(t * 1000 for t in taken)
    return f"lone reply, {platform}: median {ms[len(ms) // 2]:.0f} ms, worst {ms[-1]:.0f} ms over {len(ms)} replies"


async def test_a_lone_telegram_reply_is_sent_at_once(chat_streams, start_adapter):
    fake = FakeBotApi(TOKEN)
    fake.user_says(ALICE, ALICE, "/start")
    async with serving(fake.app) as url:
        await asyncio.to_thread(start_adapter, "telegram", {"LASTMILE_TELEGRAM_TOKEN": TOKEN,
                                                            "LASTMILE_TELEGRAM_API_URL": url})
        taken = await lone_replies(chat_streams, "telegram",
                                   lambda n: any(m["text"] == f"reply {n}" for m in fake.sent))
    report(_summary("telegram (adapter process → Bot API)", taken))
    assert Counter(m["text"] for m in fake.sent) == {f"reply {n}": 1 for n in range(ROUNDS)}


async def test_a_lone_webhook_reply_is_pushed_at_once(chat_streams, start_adapter):
    posts: Counter[str] = Counter()

    async def hook(request: Request) -> JSONResponse:
        posts[(await request.json())["text"]] += 1
        return JSONResponse({})

    async with serving(Starlette(routes=[Route("/hook", hook, methods=["POST"])])) as url:
        adapter = await asyncio.to_thread(start_adapter, "webhook", {"LASTMILE_WEBHOOK_OUTGOING_URL": f"{url}/hook"})
        taken = await lone_replies(chat_streams, "webhook", lambda n: posts[f"reply {n}"])
    report(_summary("webhook push (adapter process → platform URL)", taken))
    assert posts == {f"reply {n}": 1 for n in range(ROUNDS)}
    assert adapter.metric("lastmile_adapter_sent_total") == ROUNDS


async def test_a_lone_webhook_reply_ends_a_long_poll_at_once(chat_streams, start_adapter):
    adapter = await asyncio.to_thread(start_adapter, "webhook", {})
    base = f"http://127.0.0.1:{adapter.env['LASTMILE_WEBHOOK_PORT']}"
    taken = []
    async with httpx.AsyncClient(timeout=30) as client:
        for n in range(ROUNDS):
            poll = asyncio.create_task(client.get(f"{base}/outbox", params={"wait": 20}))
            await asyncio.sleep(1)
            started = time.perf_counter()
            await publish(chat_streams, "webhook", n)
            [message] = (await poll).json()["messages"]
            taken.append(time.perf_counter() - started)
            assert message["text"] == f"reply {n}"
            await client.post(f"{base}/outbox/ack", json={"delivered": [message["message_id"]]})
    report(_summary("webhook long-poll (GET /outbox?wait=20)", taken))


async def _true(value):
    return value
