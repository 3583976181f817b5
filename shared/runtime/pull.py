"""The pull loop of one durable consumer.

`fetch` returns as soon as messages are there (up to `batch_size`), so a quiet system
answers at once and a busy one handles big batches in one transaction each.

Why not FastStream's batch subscriber: with nats-py 2.16 a fetch that expires raises
`asyncio.TimeoutError`, which FastStream 0.7.8 does not catch; its consume task dies and
the messages it had gathered wait for the ack timeout. This loop catches both.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable

from nats.aio.msg import Msg
from nats.errors import ConnectionClosedError
from nats.js import JetStreamContext
from nats.js.errors import ServiceUnavailableError

log = logging.getLogger("lastmile.pull")

IDLE_WAIT = 5.0  # seconds one pull request lingers on the server when nothing comes


class PullLoop:
    def __init__(self, js: JetStreamContext, *, stream: str, durable: str, batch_size: int,
                 handle: Callable[[list[Msg]], Awaitable[None]]):
        self.js = js
        self.stream = stream
        self.durable = durable
        self.batch_size = batch_size
        self.handle = handle
        self._running = True
        self._idle = asyncio.Event()
        self._idle.set()

    async def run(self) -> None:
        subscription = await self.js.pull_subscribe_bind(durable=self.durable, stream=self.stream)
        while self._running:
            try:
                messages = await subscription.fetch(self.batch_size, timeout=IDLE_WAIT)
            except TimeoutError:  # nats' own TimeoutError is a subclass of it
                continue
            except (ConnectionClosedError, ServiceUnavailableError) as exc:
                log.warning("%s: pull failed (%s); trying again", self.durable, exc)
                await asyncio.sleep(0.5)
                continue
            self._idle.clear()
            try:
                await self.handle(messages)
            except Exception:  # unacked messages come back after ack_wait: nothing is lost
                log.exception("%s: batch of %d failed; JetStream will redeliver", self.durable, len(messages))
            finally:
                self._idle.set()

    async def stop(self, grace: float) -> None:
        """Stop pulling; wait (up to `grace`) for the batch in hand to be committed and acked."""
        self._running = False
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except asyncio.TimeoutError:
            log.warning("%s: batch still running after %.0fs; it will be redelivered", self.durable, grace)
