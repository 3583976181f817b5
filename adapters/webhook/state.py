"""The adapter's connections and, in long-poll mode, the messages handed out but not acked."""

from __future__ import annotations

import asyncio
import logging

import httpx
import nats
from nats.aio.msg import Msg
from pydantic import ValidationError

from shared.contracts.chat import ChatOut

from ..envelope import bind_outgoing, disconnect, provision_outgoing
from ..metrics import AdapterMetrics
from ..outgoing import Outgoing
from .outbound import Pusher
from .settings import WebhookSettings

log = logging.getLogger("lastmile.webhook")
MORE = 0.05  # seconds a poll that has its first message waits for others already on their way


class AdapterState:
    def __init__(self, settings: WebhookSettings):
        self.settings = settings
        self.nc = None
        self.js = None
        self.subscription = None
        # message_id → NATS message, for GET /outbox; None when this adapter pushes.
        self.pending: dict[str, Msg] | None = None if settings.webhook_outgoing_url else {}
        self.metrics = AdapterMetrics(settings.webhook_platform)
        self._tasks: list[asyncio.Task] = []
        self._client: httpx.AsyncClient | None = None
        self._outgoing: Outgoing | None = None

    async def _reconnected(self) -> None:
        if self._outgoing:
            self._outgoing.reconnected()

    async def start(self) -> None:
        s = self.settings
        self.nc = await nats.connect(s.nats_url.split(","), name=f"lastmile-webhook-{s.webhook_platform}",
                                     max_reconnect_attempts=-1, connect_timeout=s.nats_connect_timeout,
                                     reconnected_cb=self._reconnected)
        self.js = self.nc.jetstream()
        if s.webhook_outgoing_url:  # push: a pull request always open, each message POSTed
            await provision_outgoing(self.js, s.webhook_platform, ack_wait=s.ack_wait)
            self._client = httpx.AsyncClient(timeout=s.webhook_timeout)
            pusher = Pusher(s, self._client)
            self._outgoing = Outgoing(self.nc, s.webhook_platform, pusher.deliver, self.metrics, ack_wait=s.ack_wait)
            self._tasks.append(asyncio.create_task(self._outgoing.run(), name="webhook-push"))
        else:  # long-poll: GET /outbox fetches
            self.subscription = await bind_outgoing(self.js, s.webhook_platform, ack_wait=s.ack_wait)

    async def fetch(self, limit: int, wait: float) -> list[ChatOut]:
        """Hand out what waits, as soon as one message is there; unacked ones come back after
        `ack_wait` (to this poll or another). One message first, then what else is already
        there: nats-py's fetch(limit) would hold a lone message until `wait` ran out."""
        try:
            messages = await self.subscription.fetch(1, timeout=wait)
        except TimeoutError:
            return []
        if limit > 1:
            try:
                messages += await self.subscription.fetch(limit - 1, timeout=MORE)
            except TimeoutError:
                pass
        found = []
        for msg in messages:
            try:
                out = ChatOut.model_validate_json(msg.data)
            except ValidationError as exc:
                log.error("dropping an invalid chat.out message: %s", exc)
                await msg.term()
                continue
            self.pending[out.message_id] = msg
            found.append(out)
        return found

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._client:
            await self._client.aclose()
        if self.nc:
            await disconnect(self.nc)
