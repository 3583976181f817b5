"""Delivering `chat.out.<platform>`: send each message, publish its receipt, then ack.

The messages come through the services' pull loop (`shared.runtime.pull.PullLoop`): one
pull request always open on the server, so a lone reply is sent the moment notify publishes
it, not when a batch fills or a fetch times out (nats-py's `fetch(16, timeout=5)` held a lone
reply back by seconds).

A platform's refusal is final (receipt `failed`, with its reason: notify does not retry it); a
platform that cannot be reached is not: the message is handed back and tried again later,
unreceipted. A crash before the ack redelivers the message after `ack_wait`.

A send may take longer than `ack_wait` (a 429's retry_after, a platform coming back): the
message being sent is kept ours with "in progress" acks, and a copy JetStream redelivered
anyway (to a message pulled ahead, say) is recognised by its stream sequence and only
acked — else the reply that met a 20-s outage was posted four times when it ended.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from typing import Awaitable, Callable

from nats.aio.msg import Msg
from pydantic import ValidationError

from shared.contracts import streams
from shared.contracts.chat import ChatOut, ChatReceipt
from shared.runtime.pull import PullLoop

from .envelope import outgoing_durable, publish_receipt
from .metrics import AdapterMetrics

log = logging.getLogger("lastmile.adapter")
BATCH = 16  # messages pulled ahead; they are sent one after another, in order
REMEMBERED = 10_000  # stream sequences of messages done here, to know a late redelivered copy


class Unreachable(Exception):
    """The platform did not answer (network, 5xx, rate limit outlasting our retries): try later."""


Send = Callable[[ChatOut], Awaitable[ChatReceipt]]


class Outgoing:
    def __init__(self, nc, platform: str, send: Send, metrics: AdapterMetrics, *, ack_wait: float,
                 retry_delay: float = 5.0):
        self.js = nc.jetstream()
        self.platform = platform
        self.send = send
        self.metrics = metrics
        self.retry_delay = retry_delay
        self.heartbeat = max(0.2, ack_wait / 3)
        self._done: OrderedDict[int, None] = OrderedDict()
        self.loop = PullLoop(nc, stream=streams.CHAT_OUT.name, durable=outgoing_durable(platform),
                             batch_size=BATCH, handle=self._batch)

    async def handle(self, msg: Msg) -> None:
        sequence = msg.metadata.sequence.stream
        if sequence in self._done:  # redelivered while (or after) we sent it: sent already
            await msg.ack()
            return
        try:
            out = ChatOut.model_validate_json(msg.data)
        except ValidationError as exc:
            log.error("dropping an invalid chat.out.%s message: %s", self.platform, exc)
            await msg.term()
            return
        try:
            receipt = await self._kept_alive(msg, self.send(out))
        except Exception as exc:  # Unreachable, or a surprise: never lost, tried again later
            log.log(logging.WARNING if isinstance(exc, Unreachable) else logging.ERROR,
                    "%s: %s not sent, will be retried: %s: %s", self.platform, out.message_id,
                    type(exc).__name__, exc, exc_info=not isinstance(exc, Unreachable))
            self.metrics.reconnects.inc()
            await msg.nak(delay=self.retry_delay)
            return
        if receipt.status == "delivered":
            self.metrics.sent.inc()
        else:
            self.metrics.failed(receipt.reason or "passing").inc()
            log.warning("%s: %s not deliverable (%s): %s", self.platform, out.message_id, receipt.reason, receipt.error)
        await publish_receipt(self.js, self.platform, receipt)
        await msg.ack()
        self._done[sequence] = None
        while len(self._done) > REMEMBERED:
            self._done.popitem(last=False)

    async def _kept_alive(self, msg: Msg, sending):
        """The send's result; meanwhile JetStream is told every `heartbeat` s we are on it."""
        task = asyncio.ensure_future(sending)
        try:
            while not task.done():
                await asyncio.wait([task], timeout=self.heartbeat)
                if not task.done():
                    try:
                        await msg.in_progress()
                    except Exception:  # NATS away: at worst the message comes back, and is known
                        pass
            return task.result()
        finally:
            task.cancel()

    async def _batch(self, messages: list[Msg]) -> None:
        for msg in messages:
            try:
                await self.handle(msg)
            except Exception as exc:  # receipt or ack not through (NATS away): it comes back
                log.warning("chat.out.%s: %s not receipted (%s: %s); it comes back after ack_wait",
                            self.platform, msg.subject, type(exc).__name__, exc)
                self.metrics.reconnects.inc()

    async def run(self) -> None:
        await self.loop.run()

    def reconnected(self) -> None:
        """NATS is back: ask for messages again now (see PullLoop.reconnected)."""
        self.loop.reconnected()
