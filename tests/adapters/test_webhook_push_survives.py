"""The webhook adapter keeps delivering after a receipt could not be published (NATS away,
the receipt stream briefly gone): the message it could not receipt comes back after
ack_wait and is POSTed again (same Idempotency-Key), and the next ones are delivered.
Before, the push loop died silently on the first failed receipt and the adapter, still
"healthy", never delivered again (found by the chaos tests: a NATS SIGKILL mid-delivery)."""

from __future__ import annotations

import json
from collections import Counter

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from adapters.webhook.app import make_app
from adapters.webhook.settings import WebhookSettings
from shared.contracts.chat import ChatOut
from shared.contracts.streams import CHAT_RECEIPT
from shared.runtime.provision import ensure_stream
from tests.support.services import provision_all
from tests.support.serving import serving
from tests.support.waiting import eventually, stream_messages

PLATFORM = "pushtest"


def platform_app():
    posts: Counter[str] = Counter()

    async def hook(request: Request) -> JSONResponse:
        await request.body()
        posts[request.headers["idempotency-key"]] += 1
        return JSONResponse({})

    return Starlette(routes=[Route("/hook", hook, methods=["POST"])]), posts


async def send(js, message_id: str) -> None:
    out = ChatOut(platform=PLATFORM, chat_id="dm-1", text="hello", message_id=message_id, correlation_id="c1")
    await js.publish(f"chat.out.{PLATFORM}", out.model_dump_json().encode(), headers={"Nats-Msg-Id": message_id})


async def receipted(js) -> set[str]:
    return {json.loads(m.data)["message_id"] for m in await stream_messages(js, CHAT_RECEIPT.name)}


async def test_a_receipt_that_cannot_be_published_does_not_stop_delivery(js, nats_url, tmp_path):
    await provision_all(js)
    app, posts = platform_app()
    async with serving(app) as platform_url:
        settings = WebhookSettings(nats_url=nats_url, data_dir=tmp_path, ack_wait=1, webhook_platform=PLATFORM,
                                   webhook_outgoing_url=f"{platform_url}/hook", webhook_backoff=0.05)
        async with serving(make_app(settings)):
            await js.delete_stream(CHAT_RECEIPT.name)  # a receipt has nowhere to go
            await send(js, "o1")
            await eventually(lambda: _has(posts, "o1"), what="o1 POSTed")
            await ensure_stream(js, CHAT_RECEIPT)
            await send(js, "o2")
            await eventually(lambda: _has(posts, "o2"), what="o2 POSTed after the failed receipt")
            done = await eventually(lambda: _all(js, {"o1", "o2"}), what="both receipted")
    assert done == {"o1", "o2"}
    assert posts["o1"] >= 2  # POSTed again after its receipt failed, under the same key


async def _has(posts: Counter, key: str) -> bool:
    return key in posts


async def _all(js, wanted: set[str]) -> set[str] | None:
    found = await receipted(js)
    return found if wanted <= found else None
