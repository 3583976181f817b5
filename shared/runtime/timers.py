"""Stored timers: rows with a due time, fired by polling the store, never sleeps in memory.

Firing a timer deletes its row in the same transaction as its effect, so it fires once
whatever restarts happen; a handler that fails is tried again a minute later.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable

from sqlalchemy import Connection, delete, func, select, update

from .clock import Clock
from .metrics import RuntimeMetrics
from .store import Store
from .tables import timers
from .tx import Tx

log = logging.getLogger("lastmile.timers")

RETRY_AFTER = timedelta(minutes=1)


@dataclass(frozen=True)
class Timer:
    kind: str
    key: str
    due_at: datetime
    data: dict[str, Any]


TimerHandler = Callable[[Tx, Timer], None]


class TimerRunner:
    def __init__(self, store: Store, clock: Clock, handlers: dict[str, TimerHandler], *,
                 service: str, community: str, metrics: RuntimeMetrics, interval: float,
                 on_commit: Callable[[], None], batch: int = 200):
        self.store = store
        self.clock = clock
        self.handlers = handlers
        self.service = service
        self.community = community
        self.metrics = metrics
        self.interval = interval
        self.batch = batch
        self._on_commit = on_commit

    def fire_due(self, conn: Connection) -> int:
        now = self.clock.now()
        rows = conn.execute(
            select(timers.c.id, timers.c.kind, timers.c.key, timers.c.due_at, timers.c.data)
            .where(timers.c.due_at <= now, timers.c.kind.in_(list(self.handlers)))
            .order_by(timers.c.due_at, timers.c.id).limit(self.batch)
        ).all()
        for row in rows:
            timer = Timer(row.kind, row.key, row.due_at, json.loads(row.data))
            try:
                with conn.begin_nested():
                    gone = conn.execute(delete(timers).where(timers.c.id == row.id)).rowcount
                    if not gone:  # another instance fired it first
                        continue
                    tx = Tx(conn=conn, now=now, source=self.service, community=self.community)
                    self.handlers[row.kind](tx, timer)
                    tx.flush()
                self.metrics.timers_fired.labels(row.kind).inc()
            except Exception:
                log.exception("timer %s/%s failed; retrying in %s", row.kind, row.key, RETRY_AFTER)
                self.metrics.timer_failures.labels(row.kind).inc()
                conn.execute(update(timers).where(timers.c.id == row.id).values(due_at=now + RETRY_AFTER))
        return len(rows)

    def next_due(self, conn: Connection) -> datetime | None:
        value = conn.execute(
            select(func.min(timers.c.due_at)).where(timers.c.kind.in_(list(self.handlers)))
        ).scalar()
        return value

    async def run(self) -> None:
        if not self.handlers:
            return
        while True:
            try:
                fired = await self.store.run(self.fire_due)
                if fired:
                    self._on_commit()
                    if fired == self.batch:
                        continue
                upcoming = await self.store.run(self.next_due)
            except Exception as exc:
                log.warning("timer round failed, will retry: %s", exc)
                upcoming = None
            wait = self.interval
            if upcoming is not None:
                wait = min(wait, self.clock.real_seconds_until(upcoming))
            await asyncio.sleep(max(wait, 0.005))
