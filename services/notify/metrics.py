"""notify's business metrics: notices by platform and state, and failed sends, read from
the store at each scrape (right after restarts, never counted twice by a retried batch)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from shared.runtime.store import Store

from .db.notices import figures_by_platform


class NoticeCollector(Collector):
    def __init__(self, store: Store):
        self.store = store

    def collect(self):
        rows = self.store.scrape(figures_by_platform)
        if rows is None:
            return
        notices = GaugeMetricFamily("lastmile_notify_notices", "Notices by platform and state "
                                    "(queued, sent, delivered, missed, unreachable)", labels=["platform", "state"])
        failures = CounterMetricFamily("lastmile_notify_send_failures", "Failed sends reported by adapters",
                                       labels=["platform"])
        failed: dict[str, int] = {}
        for platform, state, count, failed_sends in rows:
            notices.add_metric([platform, state], count)
            failed[platform] = failed.get(platform, 0) + int(failed_sends or 0)
        for platform, value in failed.items():
            failures.add_metric([platform], value)
        yield notices
        yield failures


def register(registry: CollectorRegistry, store: Store) -> None:
    """The runtime's hook: called once the store is open, before /metrics is served."""
    registry.register(NoticeCollector(store))
