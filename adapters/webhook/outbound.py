"""Outgoing messages: POSTed to the platform's URL with retries, then receipted and acked.

A message is acked only after it was delivered or given up on (and receipted `failed` for
notify to retry later); a crash before that redelivers it after `ack_wait`. A receipt that
cannot be published (NATS away) leaves the message unacked, and the loop goes on.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
from nats.aio.msg import Msg
from pydantic import ValidationError
from tenacity import AsyncRetrying, RetryError, retry_if_exception, stop_after_attempt, wait_exponential

from shared.contracts.chat import ChatOut, ChatReceipt

from ..envelope import publish_receipt
from .settings import WebhookSettings

log = logging.getLogger("lastmile.webhook")


def transient(exc: BaseException) -> bool:
    """Worth another try: the network, a 5xx, or 429. A 4xx will not get better."""
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code >= 500 or exc.response.status_code == 429
    return isinstance(exc, httpx.TransportError)


class Pusher:
    def __init__(self, settings: WebhookSettings, js, subscription, client: httpx.AsyncClient):
        self.settings = settings
        self.js = js
        self.subscription = subscription
        self.client = client
        self.url = str(settings.webhook_outgoing_url)
        self.headers = {"Authorization": f"Bearer {settings.webhook_token}"} if settings.webhook_token else {}

    async def _post(self, out: ChatOut) -> None:
        response = await self.client.post(self.url, content=out.model_dump_json(), headers={
            **self.headers, "Content-Type": "application/json", "Idempotency-Key": out.message_id})
        response.raise_for_status()

    async def deliver(self, out: ChatOut) -> ChatReceipt:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.webhook_attempts),
            wait=wait_exponential(multiplier=self.settings.webhook_backoff, max=30),
            retry=retry_if_exception(transient),
        )
        try:
            await retrying(self._post, out)
        except (RetryError, httpx.HTTPError) as exc:
            error = exc.last_attempt.exception() if isinstance(exc, RetryError) else exc
            return ChatReceipt(message_id=out.message_id, status="failed", error=f"{type(error).__name__}: {error}"[:2000])
        return ChatReceipt(message_id=out.message_id, status="delivered")

    async def handle(self, msg: Msg) -> None:
        try:
            out = ChatOut.model_validate_json(msg.data)
        except ValidationError as exc:
            log.error("dropping an invalid chat.out message: %s", exc)
            await msg.term()
            return
        receipt = await self.deliver(out)
        await publish_receipt(self.js, self.settings.webhook_platform, receipt)
        await msg.ack()

    async def run(self) -> None:
        while True:
            try:
                messages = await self.subscription.fetch(16, timeout=5)
            except TimeoutError:
                continue
            except Exception as exc:  # NATS away: unacked messages come back
                log.warning("pull failed (%s); trying again", exc)
                await asyncio.sleep(0.5)
                continue
            for msg in messages:
                try:
                    await self.handle(msg)
                except Exception as exc:  # receipt or ack not through (NATS away): it comes back
                    log.warning("%s not receipted (%s: %s); it comes back after ack_wait",
                                msg.subject, type(exc).__name__, exc)
