"""delivery's business metrics, beside the runtime's on the service's registry.

Items per state (and releases waiting for their sheet or held back) are read from the store
at each scrape, so they are right after any restart. The two durations are observed as
racking and pickups happen (process-local histograms). No labels but the state: no people,
ids or buildings."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from shared.runtime.store import Store

from .db import items as db
from .planning import AWAITING_SHEET, HELD_BACK

HOUR = 3600.0
RELEASE_TO_RACK = tuple(m * 60.0 for m in (5, 10, 15, 30, 45, 60, 90, 120, 180, 240, 360, 720))
RACK_TO_PICKUP = tuple(h * HOUR for h in (0.25, 0.5, 1, 2, 4, 6, 8, 12, 16, 24, 48))


class RackCollector(Collector):
    def __init__(self, store: Store):
        self.store = store

    def collect(self):
        found = self.store.scrape(lambda c: (db.counts_by_state(c), db.delivery_counts(c)))
        if found is None:
            return
        items, releases = found
        family = GaugeMetricFamily("lastmile_delivery_items",
                                   "Delivery items by state; releases awaiting their sheet or held back",
                                   labels=["state"])
        for state, count in items.items():
            family.add_metric([state], count)
        for state in (AWAITING_SHEET, HELD_BACK):
            family.add_metric([state], releases.get(state, 0))
        yield family


class DeliveryMetrics:
    def __init__(self) -> None:
        self.release_to_rack = Histogram(
            "lastmile_delivery_release_to_rack_seconds", "Release at the gate to on the rack (clock seconds)",
            buckets=RELEASE_TO_RACK, registry=None)
        self.rack_to_pickup = Histogram(
            "lastmile_delivery_rack_to_pickup_seconds",
            "On the rack to picked up, per household (clock seconds)", buckets=RACK_TO_PICKUP, registry=None)

    def register(self, registry: CollectorRegistry, store: Store) -> None:
        """The runtime's hook: called once its store is open, before it serves /metrics."""
        registry.register(self.release_to_rack)
        registry.register(self.rack_to_pickup)
        registry.register(RackCollector(store))
