"""The day's chat through the webhook adapter as its own process, to SIGKILL it under load:
the platform POSTs every message to the adapter (and POSTs it again, same message id, until
it gets its 202, as webhook senders do), and receives what the adapter POSTs out, keyed by
`Idempotency-Key`, so a message POSTed again after a crash is seen as the same message."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import datetime, timezone

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from lastmile.bench.chat import PLATFORM
from tests.support.adapter_process import AdapterProcess

from .day import ChaosDay, Fault, SteadyChat


class Platform:
    """The chat platform's side: what the adapter delivered, by idempotency key."""

    def __init__(self):
        self.posts: Counter[str] = Counter()
        self.app = Starlette(routes=[Route("/hook", self._hook, methods=["POST"])])

    async def _hook(self, request: Request) -> JSONResponse:
        await request.body()
        self.posts[request.headers["idempotency-key"]] += 1
        return JSONResponse({})

    @property
    def delivered(self) -> int:
        return len(self.posts)

    @property
    def posted_again(self) -> int:
        return sum(n - 1 for n in self.posts.values())


class WebhookChat(SteadyChat):
    """Says everything through the adapter's `POST /messages`."""

    def __init__(self, nc, on_sent, adapter_url: str):
        super().__init__(nc, on_sent)
        self.adapter_url = adapter_url
        self.http = httpx.AsyncClient(timeout=5)

    async def say(self, sender: str, text: str, *, wait_ack: bool = True) -> str:
        self._counter += 1
        message_id = f"m{self._counter}"
        body = {"chat_id": f"dm-{sender}", "chat_type": "direct", "sender_id": sender, "message_id": message_id,
                "text": text, "sent_at": datetime.now(timezone.utc).isoformat()}
        self.sent_at[message_id] = time.perf_counter()
        for attempt in range(600):
            try:
                answer = await self.http.post(f"{self.adapter_url}/messages", json=body)
                if answer.status_code == 202:
                    break
            except httpx.HTTPError:
                pass  # the adapter is down or died mid-request: the platform tries again
            self.resent += 1
            await asyncio.sleep(0.1)  # back-off between tries, not a wait for a result
        else:
            raise AssertionError(f"the adapter never took {message_id}")
        self._on_sent()
        return message_id


def adapter_for(day: ChaosDay, platform_url: str) -> AdapterProcess:
    adapter = AdapterProcess("webhook", day.env, day.folder / "logs")
    adapter.env.update(LASTMILE_WEBHOOK_PLATFORM=PLATFORM, LASTMILE_WEBHOOK_PORT=str(adapter.port),
                       LASTMILE_WEBHOOK_OUTGOING_URL=f"{platform_url}/hook", LASTMILE_WEBHOOK_BACKOFF="0.05",
                       LASTMILE_LOG_LEVEL="WARNING")
    return adapter


def kill_adapter(at: float) -> Fault:
    async def action(day: ChaosDay) -> None:
        day.adapter.kill()
        await asyncio.to_thread(day.adapter.start)

    return Fault("SIGKILL webhook adapter", at, action)
