"""The outbox relay: publishes committed events to JetStream in commit order, waits for
JetStream's acks, then marks them sent. A crash between publish and mark re-publishes the
same `Nats-Msg-Id` on restart, which JetStream's duplicate window drops.

A published batch is marked sent in the store call that fetches the next one (or, when no
more come, in the once-a-second backlog check): one store round trip per batch, not two."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timedelta, timezone
from typing import Callable

from nats.js import JetStreamContext
from sqlalchemy import Connection, delete, func, select, update

from .metrics import RuntimeMetrics
from .store import Store
from .tables import inbox, outbox

log = logging.getLogger("lastmile.relay")

KEEP_SENT = timedelta(days=1)
KEEP_INBOX = timedelta(days=7)


def pending(conn: Connection, limit: int) -> list[tuple[int, str, str, bytes]]:
    rows = conn.execute(
        select(outbox.c.seq, outbox.c.msg_id, outbox.c.subject, outbox.c.payload)
        .where(outbox.c.sent_at.is_(None)).order_by(outbox.c.seq).limit(limit)
    )
    return [tuple(r) for r in rows]


def mark_sent(conn: Connection, seqs: list[int]) -> None:
    conn.execute(update(outbox).where(outbox.c.seq.in_(seqs)).values(sent_at=datetime.now(timezone.utc)))


def mark_then_fetch(conn: Connection, published: list[int], limit: int) -> list[tuple[int, str, str, bytes]]:
    if published:
        mark_sent(conn, published)
    return pending(conn, limit)


def mark_then_backlog(conn: Connection, published: list[int]) -> tuple[int, datetime | None]:
    if published:
        mark_sent(conn, published)
    return backlog(conn)


def backlog(conn: Connection) -> tuple[int, datetime | None]:
    count, oldest = conn.execute(
        select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.sent_at.is_(None))
    ).one()
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
        rows = await self.store.run(mark_then_fetch, self._unmarked, self.batch)
        self._unmarked = []
        if not rows:
            return 0
        js = self._js()
        futures = []
        for _seq, msg_id, subject, payload in rows:
            futures.append(await js.publish_async(subject, payload, headers={"Nats-Msg-Id": msg_id}))
        await asyncio.wait_for(asyncio.gather(*futures), self.publish_timeout)
        self._unmarked = [row[0] for row in rows]
        self.metrics.published.inc(len(rows))
        return len(rows)

    async def publish_all(self) -> None:
        """Publish every batch there is (the last one stays to be marked)."""
        while await self.publish_pending() == self.batch:
            pass

    async def drain(self) -> None:
        """Publish everything and mark it all sent (at stop)."""
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
        """Backlog figures at most once a second (not per batch); purge old rows hourly."""
        now = time.monotonic()
        if now - self._observed_at < 1.0:
            return
        self._observed_at = now
        try:
            count, oldest = await self.store.run(mark_then_backlog, self._unmarked)
            self._unmarked = []
            self.metrics.outbox_backlog.set(count)
            age = (datetime.now(timezone.utc) - oldest).total_seconds() if oldest else 0.0
            self.metrics.outbox_oldest.set(max(age, 0.0))
            if now - self._purged_at > 3600:
                self._purged_at = now
                await self.store.run(purge)
        except Exception as exc:
            log.warning("outbox backlog check failed: %s", exc)
