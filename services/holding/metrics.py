"""holding's business metrics, beside the runtime's on the service's registry.

Items by state and overdue disinfections are read from the store at each scrape, so they
are right after any restart and never counted twice by a retried transaction. Hold
durations are observed as releases happen (a process-local histogram, as Prometheus
expects of one)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from shared.runtime.store import Store

from . import queries

HOUR = 3600.0
HOLD_BUCKETS = tuple(h * HOUR for h in (0.5, 1, 1.25, 1.5, 2, 2.25, 2.5, 3, 4, 6, 12, 24))


class GateCollector(Collector):
    def __init__(self, store: Store):
        self.store = store

    def collect(self):
        found = self.store.scrape(lambda c: (queries.counts_by_state(c), queries.overdue_count(c)))
        if found is None:
            return
        counts, overdue = found
        items = GaugeMetricFamily("lastmile_holding_items", "Arrivals by state in the gate area",
                                  labels=["state"])
        for state, count in counts.items():
            items.add_metric([state], count)
        yield items
        yield CounterMetricFamily("lastmile_holding_disinfections_overdue",
                                  "Arrivals not disinfected by their deadline", value=overdue)


class HoldingMetrics:
    def __init__(self) -> None:
        self.hold_seconds = Histogram(
            "lastmile_holding_hold_seconds", "Actual hold: disinfection to release (clock seconds)",
            buckets=HOLD_BUCKETS, registry=None,
        )

    def register(self, registry: CollectorRegistry, store: Store) -> None:
        """The runtime's hook: called once its store is open, before it serves /metrics."""
        registry.register(self.hold_seconds)
        registry.register(GateCollector(store))
