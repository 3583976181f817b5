"""A continuous pull of one durable consumer, as nats.go's `Consume` does.

A pull request for up to `batch_size` messages stays open on the server (expiring every
few seconds and renewed the moment it does, and before it runs dry), and messages flow into
a local queue as they come. `next_batch` takes whatever has arrived: one lone message at
once, or a full batch when busy. The services' FastStream subscriber (`subscriber.py`) and
the chat adapters' outgoing loop (`PullLoop`, below) both run on it.

Why not `PullSubscription.fetch`: nats-py 2.16's fetch(n) waits out its whole timeout once
a first message has come but the batch is not full, which delayed a lone chat message by
seconds on an idle service, and near its deadline it raises the builtin `TimeoutError`
(`subscriber.py` says what that costs FastStream's stock loop).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Awaitable, Callable

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription

log = logging.getLogger("lastmile.pull")

EXPIRES = 5.0  # seconds one pull request lingers on the server
SILENCE = EXPIRES + 1  # no word from the server for this long: ask afresh (a reconnect?)
STATUS = "Status"
PENDING = "Nats-Pending-Messages"
DESCRIPTION = "Description"
# 409s after which the same request, sent again, is answered by someone else; not the
# others ("Exceeded MaxWaiting", …), which asking again at once would only repeat.
MOVED = ("leadership change", "server shutdown")


class ContinuousPull:
    def __init__(self, nc: Client, *, stream: str, durable: str, batch_size: int, active: Callable[[], bool]):
        self.nc = nc
        self.durable = durable
        self.batch_size = batch_size
        self.active = active  # False once stopping: an expired request is not renewed
        self._next = f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}"
        self._queue: asyncio.Queue[Msg | None] = asyncio.Queue()  # None: ask the server again
        self._requested = 0  # messages asked for and not yet delivered or expired
        self._inbox = ""
        self.expiries = 0  # pull requests the server let expire (idle spells)

    async def open(self) -> Subscription:
        self._requested = 0
        self._inbox = self.nc.new_inbox()
        return await self.nc.subscribe(self._inbox, cb=self._on_message)

    async def _on_message(self, msg: Msg) -> None:
        status = msg.headers.get(STATUS) if msg.headers else None
        if status is None:
            self._requested -= 1
            self._queue.put_nowait(msg)
        elif status in ("408", "409"):  # a request expired or was cut short
            unfilled = msg.headers.get(PENDING)
            self._requested -= int(unfilled) if unfilled else self._requested
            if status == "408" and self.active():
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
            await self.nc.publish(self._next, json.dumps(request).encode(), reply=self._inbox)

    async def next_batch(self) -> list[Msg]:
        """What has arrived, as soon as something has; [] after a silence or a reconnect."""
        await self._request_more()
        try:
            first = await asyncio.wait_for(self._queue.get(), SILENCE)
        except asyncio.TimeoutError:
            self._requested = 0  # no word from the server (reconnect?): ask afresh
            return []
        batch = [first] if first is not None else []
        while len(batch) < self.batch_size and not self._queue.empty():
            msg = self._queue.get_nowait()
            if msg is not None:
                batch.append(msg)
        if batch:
            await self._request_more()  # the next batch comes while this one is handled
        return batch

    def reconnected(self) -> None:
        """NATS is back (maybe another server): requests left on the old one are gone, so ask
        again now rather than after waiting out their expiry."""
        self._requested = 0
        self._queue.put_nowait(None)

    async def hand_back(self, taken: list[Msg] = ()) -> None:
        """Messages pulled but not handled go back at once, not after the ack timeout."""
        waiting = list(taken)
        while not self._queue.empty():
            msg = self._queue.get_nowait()
            if msg is not None:
                waiting.append(msg)
        for msg in waiting:
            try:
                await msg.nak()
            except Exception:  # the connection is gone: ack_wait returns them instead
                return


class PullLoop:
    """A plain nats-py consume loop on `ContinuousPull` (the chat adapters, not services)."""

    def __init__(self, nc: Client, *, stream: str, durable: str, batch_size: int,
                 handle: Callable[[list[Msg]], Awaitable[None]]):
        self.durable = durable
        self.handle = handle
        self._running = True
        self.pull = ContinuousPull(nc, stream=stream, durable=durable, batch_size=batch_size,
                                   active=lambda: self._running)
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def expiries(self) -> int:
        return self.pull.expiries

    async def run(self) -> None:
        subscription = await self.pull.open()
        try:
            while self._running:
                batch = await self.pull.next_batch()
                if batch:
                    await self._handle(batch)
        finally:
            await subscription.unsubscribe()
            await self.pull.hand_back()

    def reconnected(self) -> None:
        self.pull.reconnected()

    async def _handle(self, batch: list[Msg]) -> None:
        self._idle.clear()
        try:
            await self.handle(batch)
        except Exception:  # unacked messages come back after ack_wait: nothing is lost
            log.exception("%s: batch of %d failed; JetStream will redeliver", self.durable, len(batch))
        finally:
            self._idle.set()

    async def stop(self, grace: float) -> None:
        """Stop pulling; wait (up to `grace`) for the batch in hand to be committed and acked."""
        self._running = False
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except asyncio.TimeoutError:
            log.warning("%s: batch still running after %.0fs; it will be redelivered", self.durable, grace)
