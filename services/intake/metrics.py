"""intake's business metrics: refused attempts by reason, read from the audit log at each
scrape (so they survive restarts and a retried batch never counts twice). A burst of
`bad_code` or `bind_locked` is someone guessing codes."""

from __future__ import annotations

from prometheus_client import CollectorRegistry
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

from shared.runtime.store import Store

from . import audit


class RefusalCollector(Collector):
    def __init__(self, store: Store):
        self.store = store

    def collect(self):
        counts = self.store.scrape(audit.counts_by_reason)
        if counts is None:
            return
        refusals = CounterMetricFamily("lastmile_intake_refusals", "Refused attempts in the audit log "
                                       "(wrong or expired codes, lockouts, strangers, wrong roles)", labels=["reason"])
        for reason in sorted(audit.AUDITED):
            refusals.add_metric([reason], counts.get(reason, 0))
        yield refusals


def register(registry: CollectorRegistry, store: Store) -> None:
    """The runtime's hook: called once the store is open, before /metrics is served."""
    registry.register(RefusalCollector(store))
