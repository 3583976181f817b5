"""Delivering `chat.out.<platform>`: send each message, publish its receipt, then ack.

A platform's refusal is final (receipt `failed`, for notify to decide); a platform that
cannot be reached is not: the message is handed back and tried again later, unreceipted.
A crash before the ack redelivers the message after `ack_wait`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable

from nats.aio.msg import Msg
from pydantic import ValidationError

from shared.contracts.chat import ChatOut, ChatReceipt

from .envelope import publish_receipt
from .metrics import AdapterMetrics

log = logging.getLogger("lastmile.adapter")


class Unreachable(Exception):
    """The platform did not answer (network, 5xx, rate limit outlasting our retries): try later."""


Send = Callable[[ChatOut], Awaitable[ChatReceipt]]


class Outgoing:
    def __init__(self, js, subscription, platform: str, send: Send, metrics: AdapterMetrics,
                 retry_delay: float = 5.0):
        self.js = js
        self.subscription = subscription
        self.platform = platform
        self.send = send
        self.metrics = metrics
        self.retry_delay = retry_delay

    async def handle(self, msg: Msg) -> None:
        try:
            out = ChatOut.model_validate_json(msg.data)
        except ValidationError as exc:
            log.error("dropping an invalid chat.out.%s message: %s", self.platform, exc)
            await msg.term()
            return
        try:
            receipt = await self.send(out)
        except Exception as exc:  # Unreachable, or a surprise: never lost, tried again later
            log.log(logging.WARNING if isinstance(exc, Unreachable) else logging.ERROR,
                    "%s: %s not sent, will be retried: %s: %s", self.platform, out.message_id,
                    type(exc).__name__, exc, exc_info=not isinstance(exc, Unreachable))
            self.metrics.reconnects.inc()
            await msg.nak(delay=self.retry_delay)
            return
        (self.metrics.sent if receipt.status == "delivered" else self.metrics.failed).inc()
        await publish_receipt(self.js, self.platform, receipt)
        await msg.ack()

    async def run(self) -> None:
        while True:
            try:
                messages = await self.subscription.fetch(16, timeout=5)
            except (TimeoutError, asyncio.TimeoutError):
                continue
            except Exception as exc:  # NATS away: unacked messages come back
                log.warning("pull on chat.out.%s failed (%s); trying again", self.platform, exc)
                self.metrics.reconnects.inc()
                await asyncio.sleep(0.5)
                continue
            for msg in messages:
                try:
                    await self.handle(msg)
                except Exception as exc:  # receipt or ack not through (NATS away): it comes back
                    log.warning("chat.out.%s: %s not receipted (%s: %s); it comes back after ack_wait",
                                self.platform, msg.subject, type(exc).__name__, exc)
                    self.metrics.reconnects.inc()
