"""FastStream's JetStream batch subscriber with a continuous pull, as nats.go's `Consume`.

A pull request for up to `batch_size` messages stays open on the server (renewed the moment
it expires, and before it runs dry), and messages flow into a local queue as they come. The
loop takes whatever has arrived — one lone message at once, or a full batch when busy — and
hands it to FastStream's `consume` (middlewares, the handler). Everything else is
FastStream's: the broker and its connection, lifespan, middlewares, AsyncAPI.

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

import asyncio
import builtins
import json
import logging
from typing import Any

from faststream.nats import NatsBroker, PullSub
from faststream.nats.subscriber.usecases import stream_pull_subscriber
from faststream.nats.subscriber.usecases.stream_pull_subscriber import BatchPullStreamSubscriber
from nats.aio.msg import Msg

log = logging.getLogger("lastmile.pull")

EXPIRES = 5.0  # seconds one pull request lingers on the server
SILENCE = EXPIRES + 1  # no word from the server for this long: ask afresh (a reconnect?)
STATUS = "Status"
PENDING = "Nats-Pending-Messages"
DESCRIPTION = "Description"
# 409s after which the same request, sent again, is answered by someone else; not the
# others ("Exceeded MaxWaiting", …), which asking again at once would only repeat.
MOVED = ("leadership change", "server shutdown")


def patch_timeout_error() -> None:
    """Let the stock pull loops catch the builtin `TimeoutError` nats-py's `fetch` raises.

    nats' `TimeoutError` subclasses the builtin, so catching the builtin catches both."""
    stream_pull_subscriber.TimeoutError = builtins.TimeoutError


class ContinuousPullSubscriber(BatchPullStreamSubscriber):
    """Replaces only the subscription and the consume loop of FastStream's batch subscriber."""

    __slots__ = ()

    def keep_pulling(self, *, stream: str, durable: str, batch_size: int) -> None:
        self._next = f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}"
        self.durable = durable
        self.batch_size = batch_size
        self._queue: asyncio.Queue[Msg | None] = asyncio.Queue()  # None: ask the server again
        self._requested = 0  # messages asked for and not yet delivered or expired
        self._inbox = ""
        self.expiries = 0  # pull requests the server let expire (idle spells)

    async def _create_subscription(self) -> None:
        if self.subscription:
            return
        self._requested = 0
        self._inbox = self.connection.new_inbox()
        self.subscription = await self.connection.subscribe(self._inbox, cb=self._on_message)
        # not restarted by FastStream's supervisor: the loop catches what it expects, and
        # anything else is a bug to see, not a loop to restart once an hour quietly
        self.add_task(self._consume_continuously, restart_on_failure=False)

    async def _on_message(self, msg: Msg) -> None:
        status = msg.headers.get(STATUS) if msg.headers else None
        if status is None:
            self._requested -= 1
            self._queue.put_nowait(msg)
        elif status in ("408", "409"):  # a request expired or was cut short
            unfilled = msg.headers.get(PENDING)
            self._requested -= int(unfilled) if unfilled else self._requested
            if status == "408" and self.running:
                # Ask again at once: the loop is waiting on its queue, and until it gives up
                # (SILENCE) no request would be open, so a message sent meanwhile would wait.
                self.expiries += 1
                await self._request_more()
            elif msg.headers.get(DESCRIPTION, "").lower() in MOVED:  # ask the new leader now
                self._queue.put_nowait(None)
        # "100" idle heartbeats and anything else: nothing to do

    async def _request_more(self) -> None:
        """Keep at least half a batch asked for, so messages flow while a batch is handled."""
        if self._requested <= self.batch_size // 2:
            self._requested += self.batch_size  # before the await: the expiry callback asks too
            request = {"batch": self.batch_size, "expires": int(EXPIRES * 1e9)}
            await self.connection.publish(self._next, json.dumps(request).encode(), reply=self._inbox)

    async def _consume_continuously(self) -> None:
        while self.running:
            await self._request_more()
            try:
                first = await asyncio.wait_for(self._queue.get(), SILENCE)
            except asyncio.TimeoutError:
                self._requested = 0  # no word from the server (reconnect?): ask afresh
                continue
            if first is None:
                continue
            if not self.running:  # stopping: `stop` hands it back with the rest
                self._queue.put_nowait(first)
                return
            batch = [first]
            while len(batch) < self.batch_size and not self._queue.empty():
                msg = self._queue.get_nowait()
                if msg is not None:
                    batch.append(msg)
            await self._request_more()  # the next batch comes while this one is handled
            await self.consume(batch)  # errors are the handler's to log; unacked = redelivered

    def reconnected(self) -> None:
        """NATS is back (maybe another server): requests left on the old one are gone, so ask
        again now rather than after waiting out their expiry."""
        self._requested = 0
        self._queue.put_nowait(None)

    async def stop(self) -> None:
        """FastStream waits (graceful_timeout) for the batch in hand; what was pulled and not
        handled goes back at once, not after the ack timeout."""
        await super().stop()
        while not self._queue.empty():
            msg = self._queue.get_nowait()
            if msg is None:
                continue
            try:
                await msg.nak()
            except Exception:  # the connection is gone: ack_wait returns them instead
                return


def raw_messages(message: Any) -> list[Msg]:
    """The pass-through decoder: the handler gets nats-py's messages and validates each
    payload itself (a bad one is one dead letter, not a failed batch)."""
    return message.raw_message


def continuous_subscriber(broker: NatsBroker, *, stream: str, durable: str, filter_subjects: tuple[str, ...],
                          batch_size: int, description: str = "", title: str | None = None,
                          ) -> ContinuousPullSubscriber:
    """A batch subscriber bound to an existing durable consumer (provisioned by the runtime:
    FastStream's own create-or-bind would keep an old consumer's settings)."""
    from faststream import AckPolicy
    from faststream.nats import JStream
    from nats.js.api import ConsumerConfig

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
