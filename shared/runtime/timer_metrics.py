"""How late each kind of stored timer is: the age of its oldest row past due, by the
service's own clock, read from the store at each scrape (0 when none is due).

A timer fires within about `LASTMILE_TIMER_INTERVAL` of its due time; one that stays due
means a hold not released, a reminder not sent, a deadline not noticed. Labels: the
definition's timer kinds only, so they are bounded by the code."""

from __future__ import annotations

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from .clock import Clock
from .store import Store
from .tables import timers


class OverdueTimers(Collector):
    def __init__(self, store: Store, clock: Clock, kinds: list[str]):
        self.store = store
        self.clock = clock
        self.kinds = sorted(kinds)

    def _oldest_due(self, conn, now):
        return dict(conn.execute(select(timers.c.kind, func.min(timers.c.due_at))
                                 .where(timers.c.due_at <= now, timers.c.kind.in_(self.kinds))
                                 .group_by(timers.c.kind)).all())

    def collect(self):
        family = GaugeMetricFamily("lastmile_timers_overdue_seconds",
                                   "Age past its due time of the oldest unfired timer of each kind "
                                   "(clock seconds; 0 when none is due)", labels=["kind"])
        if self.kinds:
            now = self.clock.now()
            found = self.store.scrape(self._oldest_due, now)
            if found is None:
                return
            for kind in self.kinds:
                due = found.get(kind)
                family.add_metric([kind], (now - due).total_seconds() if due is not None else 0.0)
        yield family

