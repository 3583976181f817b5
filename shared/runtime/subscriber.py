"""FastStream's JetStream batch subscriber on a continuous pull (`pull.ContinuousPull`: one
pull request always open, renewed on 408, asked again after a reconnect or a leadership
change). The loop takes whatever has arrived — one lone message at once, or a full batch
when busy — and hands it to FastStream's `consume` (middlewares, the handler). Everything
else is FastStream's: the broker and its connection, lifespan, middlewares, AsyncAPI.

Why not the stock `BatchPullStreamSubscriber` loop (faststream 0.7.8, nats-py 2.16):
- its `fetch` loop waits out the whole batch window unless the batch fills, which adds that
  window to every hop on a quiet system;
- nats-py's `fetch` raises the builtin `TimeoutError` near its deadline, the module catches
  only nats' subclass of it, and the messages gathered in that window are dropped unacked
  (back only after `ack_wait`) while the supervisor restarts the loop. `patch_timeout_error`
  fixes that for anything that still uses the stock loop or `get_one`.

This leans on members FastStream keeps private (`_create_subscription`, `consume`, `running`,
`add_task`, `subscription`, `tasks`): faststream and nats-py are pinned exactly in
pyproject.toml, and `tests/runtime/test_faststream_subscriber.py` fails when they change.
"""

from __future__ import annotations

import builtins
from typing import Any

from faststream import AckPolicy
from faststream.nats import JStream, NatsBroker, PullSub
from faststream.nats.subscriber.usecases import stream_pull_subscriber
from faststream.nats.subscriber.usecases.stream_pull_subscriber import BatchPullStreamSubscriber
from nats.aio.msg import Msg
from nats.errors import ConnectionClosedError
from nats.js.api import ConsumerConfig

from .pull import ContinuousPull


def patch_timeout_error() -> None:
    """Let the stock pull loops catch the builtin `TimeoutError` nats-py's `fetch` raises.

    nats' `TimeoutError` subclasses the builtin, so catching the builtin catches both."""
    stream_pull_subscriber.TimeoutError = builtins.TimeoutError


patch_timeout_error()  # for `get_one` and any stock pull subscriber in the process


class ContinuousPullSubscriber(BatchPullStreamSubscriber):
    """Replaces only the subscription and the consume loop of FastStream's batch subscriber."""

    __slots__ = ()

    def keep_pulling(self, *, stream: str, durable: str, batch_size: int) -> None:
        self.durable = durable
        self._pull_args = {"stream": stream, "durable": durable, "batch_size": batch_size}
        self.pull: ContinuousPull | None = None

    @property
    def expiries(self) -> int:
        return self.pull.expiries if self.pull else 0

    async def _create_subscription(self) -> None:
        if self.subscription:
            return
        self.pull = ContinuousPull(self.connection, active=lambda: self.running, **self._pull_args)
        self.subscription = await self.pull.open()
        # not restarted by FastStream's supervisor (at once, no back-off, logged once an hour):
        # the loop catches what it expects; anything else is a bug to see, as with nats-py
        self.add_task(self._consume_continuously, restart_on_failure=False)

    async def _consume_continuously(self) -> None:
        while self.running:
            batch = await self.pull.next_batch()
            if not self.running:  # stopping: back with the rest
                await self.pull.hand_back(batch)
                return
            if batch:
                await self.consume(batch)  # errors are the handler's to log; unacked = redelivered

    def reconnected(self) -> None:
        if self.pull:
            self.pull.reconnected()

    async def stop(self) -> None:
        """FastStream waits (graceful_timeout) for the batch in hand; what was pulled and not
        handled goes back at once, not after the ack timeout."""
        try:
            await super().stop()
        except ConnectionClosedError:  # NATS closed the client for good: nothing to unsubscribe
            self.subscription = None
        if self.pull:
            await self.pull.hand_back()


async def raw_messages(message: Any) -> list[Msg]:
    """The pass-through decoder: the handler gets nats-py's messages and validates each
    payload itself (a bad one is one dead letter, not a failed batch). A coroutine: FastStream
    runs a plain function as a decoder in a worker thread, a thread hop per batch (measured
    through `consume`, a batch of one, no-op handler: 0.50 → 0.14 ms on a loaded machine)."""
    return message.raw_message


def continuous_subscriber(broker: NatsBroker, *, stream: str, durable: str, filter_subjects: tuple[str, ...],
                          batch_size: int, description: str = "", title: str | None = None,
                          ) -> ContinuousPullSubscriber:
    """A batch subscriber bound to an existing durable consumer (provisioned by the runtime:
    FastStream's own create-or-bind would keep an old consumer's settings)."""
    subscriber = broker.subscriber(
        "", stream=JStream(stream, declare=False), durable=durable,
        config=ConsumerConfig(durable_name=durable, filter_subjects=list(filter_subjects)),
        pull_sub=PullSub(batch_size=batch_size, batch=True), ack_policy=AckPolicy.MANUAL,
        decoder=raw_messages, description=description or None, title=title,
    )
    assert type(subscriber) is BatchPullStreamSubscriber, type(subscriber)
    subscriber.__class__ = ContinuousPullSubscriber  # same layout: only the loop differs
    subscriber.keep_pulling(stream=stream, durable=durable, batch_size=batch_size)
    return subscriber
