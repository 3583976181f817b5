"""The outbox relay: publishes committed events to JetStream in commit order, waits for
JetStream's acks, then marks them sent. A crash between publish and mark re-publishes the
same `Nats-Msg-Id` on restart, which JetStream's duplicate window drops.

A published batch is marked sent in the store call that fetches the next one (or, when no
more come, in the once-a-second backlog check): one store round trip per batch, not two.

A consumer's batch goes further when no batch of rows is in flight (`run_and_hand_over`): its
own transaction marks the last batch sent and fetches what is pending, its own events
included, and they are published at once, beside the consumer's next batch: a handled message
then costs one store round trip, not two. One lock keeps a single batch of rows in flight at a
time, whoever fetched it: nothing is published twice by this process, and everything goes out
in commit order."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, TypeVar

from nats.js import JetStreamContext
from sqlalchemy import Connection, bindparam, delete, func, select, update

from .metrics import RuntimeMetrics
from .store import Store
from .tables import inbox, outbox

log = logging.getLogger("lastmile.relay")
T = TypeVar("T")
Row = tuple[int, str, str, bytes]

KEEP_SENT = timedelta(days=1)
KEEP_INBOX = timedelta(days=7)


# Built once: they run once or twice per consumed batch, and building them each time cost
# more than running them.
_PENDING = (select(outbox.c.seq, outbox.c.msg_id, outbox.c.subject, outbox.c.payload)
            .where(outbox.c.sent_at.is_(None)).order_by(outbox.c.seq).limit(bindparam("limit")))
_MARK_SENT = (update(outbox).where(outbox.c.seq.in_(bindparam("seqs", expanding=True)))
              .values(sent_at=bindparam("sent_at")))
_BACKLOG = select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.sent_at.is_(None))


def pending(conn: Connection, limit: int) -> list[Row]:
    return [tuple(r) for r in conn.execute(_PENDING, {"limit": limit})]


def mark_sent(conn: Connection, seqs: list[int]) -> None:
    conn.execute(_MARK_SENT, {"seqs": seqs, "sent_at": datetime.now(timezone.utc)})


def mark_then_fetch(conn: Connection, published: list[int], limit: int) -> list[Row]:
    if published:
        mark_sent(conn, published)
    return pending(conn, limit)


def mark_then_backlog(conn: Connection, published: list[int]) -> tuple[int, datetime | None]:
    if published:
        mark_sent(conn, published)
    return backlog(conn)


def backlog(conn: Connection) -> tuple[int, datetime | None]:
    count, oldest = conn.execute(_BACKLOG).one()
    return count, oldest


def purge(conn: Connection) -> None:
    """Sent events live on in the stream; handled ids only need to outlast redelivery."""
    now = datetime.now(timezone.utc)
    conn.execute(delete(outbox).where(outbox.c.sent_at < now - KEEP_SENT))
    conn.execute(delete(inbox).where(inbox.c.handled_at < now - KEEP_INBOX))


class Relay:
    def __init__(self, store: Store, js: Callable[[], JetStreamContext], metrics: RuntimeMetrics,
                 interval: float, batch: int = 500, publish_timeout: float = 10.0):
        self.store = store
        self._js = js
        self.metrics = metrics
        self.interval = interval
        self.batch = batch
        self.publish_timeout = publish_timeout
        self._wake = asyncio.Event()
        self._stopped = False
        self._observed_at = 0.0
        self._purged_at = time.monotonic()
        self._unmarked: list[int] = []  # published and acked, not yet marked sent
        self._lock = asyncio.Lock()  # held from a fetch until its rows are published
        self._handing: set[asyncio.Task] = set()  # publishing rows a consumer's batch fetched

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """Leave the loop after this round. A flag as well as cancellation: a cancel that lands
        inside nats-py's publish may come out as its TimeoutError, which the loop's retry
        swallows, and the loop went on forever (the bench's hop hung at its stop, rarely)."""
        self._stopped = True
        self._wake.set()

    async def publish_pending(self) -> int:
        """Publish one batch of unsent events, having marked the one before sent; returns
        how many were published (this batch is marked by the next call, or the backlog check)."""
        async with self._lock:
            rows = await self.store.run(mark_then_fetch, self._unmarked, self.batch)
            self._unmarked = []
            await self._publish(rows)
        return len(rows)

    async def run_and_hand_over(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(conn, *args)` (a consumer's batch) in one transaction whose events go out at
        once. With no rows in flight, the transaction also marks the last published batch sent
        and fetches what is pending, and a task of their own publishes those rows, so the caller
        goes on at once (its next batch overlaps this publish); the lock is held until they
        are published. With rows in flight, it only commits and wakes the relay's loop, which
        fetches once those are out: a consumer never waits for JetStream's acks."""
        if self._lock.locked():
            result = await self.store.run(fn, *args)
            self.wake()
            return result
        await self._lock.acquire()  # free: no wait, no other task runs in between
        try:
            result, rows = await self.store.run(self._and_fetch, self._unmarked, fn, *args)
        except BaseException:
            self._lock.release()
            raise
        self._unmarked = []
        if rows:
            task = asyncio.create_task(self._publish_handed(rows))
            self._handing.add(task)
            task.add_done_callback(self._handing.discard)
        else:
            self._lock.release()
        return result

    async def _publish_handed(self, rows: list[Row]) -> None:
        try:
            await self._publish(rows)
        except Exception as exc:  # the rows wait in the store: the relay's loop retries them
            self.metrics.relay_errors.inc()
            log.warning("publishing a batch's events failed; the relay will retry: %s", exc)
            self.wake()
        finally:
            self._lock.release()
        if len(rows) == self.batch:  # more may be waiting behind them
            self.wake()

    async def handed_over(self) -> None:
        """Wait until every batch handed over is published (or has failed)."""
        while self._handing:
            await asyncio.gather(*self._handing, return_exceptions=True)

    def _and_fetch(self, conn: Connection, published: list[int], fn: Callable[..., T],
                   *args: Any) -> tuple[T, list[Row]]:
        result = fn(conn, *args)
        return result, mark_then_fetch(conn, published, self.batch)

    async def _publish(self, rows: list[Row]) -> None:
        """Publish rows in order and wait for JetStream's acks (the caller holds the lock)."""
        if not rows:
            return
        js = self._js()
        futures = []
        for _seq, msg_id, subject, payload in rows:
            futures.append(await js.publish_async(subject, payload, headers={"Nats-Msg-Id": msg_id}))
        await asyncio.wait_for(asyncio.gather(*futures), self.publish_timeout)
        self._unmarked = [row[0] for row in rows]
        self.metrics.published.inc(len(rows))

    async def publish_all(self) -> None:
        """Publish every batch there is (the last one stays to be marked)."""
        while await self.publish_pending() == self.batch:
            pass

    async def drain(self) -> None:
        """Publish everything and mark it all sent (at stop)."""
        await self.handed_over()
        while await self.publish_pending():
            pass

    async def run(self) -> None:
        while not self._stopped:
            try:
                await asyncio.wait_for(self._wake.wait(), self.interval)
            except asyncio.TimeoutError:
                pass
            self._wake.clear()
            if self._stopped:
                return
            try:
                await self.publish_all()
            except Exception as exc:  # NATS away or store busy: rows wait, nothing is lost
                self.metrics.relay_errors.inc()
                log.warning("outbox relay round failed, will retry: %s", exc)
                await asyncio.sleep(min(self.interval, 1.0))
            await self._observe()

    async def _observe(self) -> None:
        """Backlog figures at most once a second (not per batch); hourly, old rows purged on
        the store's thread."""
        now = time.monotonic()
        if now - self._observed_at < 1.0:
            return
        self._observed_at = now
        try:
            async with self._lock:
                count, oldest = await self.store.run(mark_then_backlog, self._unmarked)
                self._unmarked = []
            self.metrics.outbox_backlog.set(count)
            age = (datetime.now(timezone.utc) - oldest).total_seconds() if oldest else 0.0
            self.metrics.outbox_oldest.set(max(age, 0.0))
            if now - self._purged_at > 3600:
                self._purged_at = now
                await self.store.run_in_thread(purge)
        except Exception as exc:
            log.warning("outbox backlog check failed: %s", exc)
