"""The webhook adapter over real HTTP on loopback and a real NATS: a POSTed message reaches
intake; an outgoing message is POSTed out (retried after a 5xx) or long-polled, then receipted."""

from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager
from datetime import datetime, timezone

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from adapters.webhook.app import make_app
from adapters.webhook.settings import WebhookSettings
from shared.contracts.chat import ChatOut
from tests.support.servers import free_port
from tests.support.waiting import eventually, stream_messages

from .support import from_intake

TOKEN = "a-long-shared-secret-for-tests"


@asynccontextmanager
async def serving(app):
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    await eventually(lambda: _true(server.started), what="HTTP server up")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def _true(value):
    return value


def receiver():
    """A platform's endpoint: fails the first POST with a 503, keeps the rest."""
    got, calls = [], []

    async def hook(request):
        calls.append(request.headers.get("authorization"))
        if len(calls) == 1:
            return JSONResponse({}, status_code=503)
        got.append(json.loads(await request.body()))
        return JSONResponse({})

    return Starlette(routes=[Route("/hook", hook, methods=["POST"])]), got, calls


def adapter_settings(intake_settings, **extra) -> WebhookSettings:
    return WebhookSettings(**intake_settings.model_dump(), webhook_platform="hooktest", webhook_token=TOKEN,
                           webhook_backoff=0.05, **extra)


def out(message_id: str) -> ChatOut:
    return ChatOut(platform="hooktest", chat_id="dm-1", text="已绑定", message_id=message_id, correlation_id="c1")


async def receipts(js):
    return [json.loads(m.data) for m in await stream_messages(js, "CHAT_RECEIPT")]


async def test_round_trip_post_in_and_push_out_with_retry(js, intake, intake_settings, codes):
    platform_app, got, calls = receiver()
    async with serving(platform_app) as platform_url:
        settings = adapter_settings(intake_settings, webhook_outgoing_url=f"{platform_url}/hook")
        async with serving(make_app(settings)) as adapter_url, httpx.AsyncClient() as http:
            message = {"chat_id": "dm-1", "chat_type": "direct", "sender_id": "u1", "message_id": "1",
                       "text": f"绑定 {codes['R1']}", "sent_at": datetime.now(timezone.utc).isoformat()}
            assert (await http.post(f"{adapter_url}/messages", json=message)).status_code == 401
            auth = {"Authorization": f"Bearer {TOKEN}"}
            first = await http.post(f"{adapter_url}/messages", json=message, headers=auth)
            again = await http.post(f"{adapter_url}/messages", json=message, headers=auth)
            assert first.status_code == again.status_code == 202
            assert first.json() == {"key": "hooktest:dm-1:1:0", "duplicate": False}
            assert again.json()["duplicate"] is True
            bad = await http.post(f"{adapter_url}/messages", json={**message, "chat_type": "channel"}, headers=auth)
            assert bad.status_code == 422
            (bound,) = await eventually(lambda: from_intake(js, "identity.bound"), what="bound via webhook")
            assert bound.data["platform"] == "hooktest" and bound.data["person_id"] == "R1"

            await js.publish("chat.out.hooktest", out("o1").model_dump_json().encode(), headers={"Nats-Msg-Id": "o1"})
            done = await eventually(lambda: receipts(js), what="receipt")
    assert got == [json.loads(out("o1").model_dump_json())]
    assert calls == [f"Bearer {TOKEN}"] * 2  # the 503 was retried
    assert done == [{"message_id": "o1", "status": "delivered", "error": None, "reason": None}]


async def test_long_poll_hands_out_and_acks_with_receipts(js, intake, intake_settings):
    settings = adapter_settings(intake_settings)
    async with serving(make_app(settings)) as adapter_url, httpx.AsyncClient(timeout=10) as http:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        await js.publish("chat.out.hooktest", out("o2").model_dump_json().encode(), headers={"Nats-Msg-Id": "o2"})
        polled = await http.get(f"{adapter_url}/outbox", params={"wait": 5}, headers=auth)
        assert [m["message_id"] for m in polled.json()["messages"]] == ["o2"]
        acked = await http.post(f"{adapter_url}/outbox/ack", json={"failed": {"o2": "user blocked the bot"}},
                                headers=auth)
        assert acked.json() == {"acked": 1, "unknown": []}
        done = await eventually(lambda: receipts(js), what="receipt")
    assert done == [{"message_id": "o2", "status": "failed", "error": "user blocked the bot", "reason": None}]
