"""medicine's business metrics: counts only, read from the store at each scrape (right after
any restart, never counted twice by a retried transaction). No drug, note, hospital or
person ever becomes a label: labels are states and urgency levels."""

from __future__ import annotations

from prometheus_client import CollectorRegistry
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from shared.runtime.store import Store

from .db import requests, runs, tallies
from .domain.requests import STATES
from .domain.triage import LEVELS

SUBSTITUTE_OUTCOMES = ("proposed", "confirmed", "declined", "timed_out")


class MedicineCollector(Collector):
    def __init__(self, store: Store):
        self.store = store

    def collect(self):
        found = self.store.scrape(lambda c: (
            requests.counts_by_state(c), requests.queued_by_urgency(c), runs.counts_by_state(c),
            tallies.all_tallies(c)))
        if found is None:
            return
        states, queued, run_states, counted = found
        by_state = GaugeMetricFamily("lastmile_medicine_requests", "Medicine requests by state", labels=["state"])
        for state in STATES:
            by_state.add_metric([state], states.get(state, 0))
        yield by_state
        waiting = GaugeMetricFamily("lastmile_medicine_queued", "Requests waiting in the triage queue, by urgency",
                                    labels=["urgency"])
        for level in LEVELS:
            waiting.add_metric([str(level)], queued.get(level, 0))
        yield waiting
        run_family = GaugeMetricFamily("lastmile_medicine_runs", "Hospital runs by state", labels=["state"])
        for state in (runs.OPEN, runs.DONE):
            run_family.add_metric([state], run_states.get(state, 0))
        yield run_family
        substitutes = CounterMetricFamily("lastmile_medicine_substitutes", "Substitutes by outcome",
                                          labels=["outcome"])
        for outcome in SUBSTITUTE_OUTCOMES:
            substitutes.add_metric([outcome], counted.get(f"substitutes_{outcome}", 0))
        yield substitutes


def register(registry: CollectorRegistry, store: Store) -> None:
    """The runtime's hook: called once its store is open, before it serves /metrics."""
    registry.register(MedicineCollector(store))
