"""Consumer lag: how many messages each durable consumer of the service has not been given
yet (JetStream's `num_pending`) and has been given but not acked (`num_ack_pending`).

Sampled by one task every `LASTMILE_CONSUMER_LAG_INTERVAL` seconds (5), never per message
and never per scrape: a scrape reads the last sample. Labels: the durable's name only."""

from __future__ import annotations

import asyncio
import logging
from typing import Callable

from nats.js import JetStreamContext

from .metrics import RuntimeMetrics

log = logging.getLogger("lastmile.lag")


class ConsumerLag:
    def __init__(self, js: Callable[[], JetStreamContext], consumers: list[tuple[str, str]],
                 metrics: RuntimeMetrics, interval: float):
        self.js = js
        self.consumers = consumers  # (stream, durable)
        self.metrics = metrics
        self.interval = interval
        self._stopped = asyncio.Event()

    async def sample(self) -> None:
        for stream, durable in self.consumers:
            try:
                info = await self.js().consumer_info(stream, durable, timeout=min(self.interval, 5))
            except Exception as exc:  # NATS away: keep the last sample; the service-down alerts say why
                log.debug("consumer info of %s failed: %s", durable, exc)
                continue
            self.metrics.consumer_pending.labels(durable).set(info.num_pending or 0)
            self.metrics.consumer_ack_pending.labels(durable).set(info.num_ack_pending or 0)

    async def run(self) -> None:
        # A stop flag as well as cancellation: nats-py may turn a cancelled request into
        # its own TimeoutError, which would swallow the cancel.
        while not self._stopped.is_set():
            await self.sample()
            try:
                await asyncio.wait_for(self._stopped.wait(), self.interval)
            except asyncio.TimeoutError:
                pass

    def stop(self) -> None:
        self._stopped.set()
