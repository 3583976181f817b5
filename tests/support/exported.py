"""Every metric name the code exports: the runtime's, each service's business metrics
(its `ServiceDefinition.metrics` hook on a real, empty store) and the chat adapters'.
Dashboards and alert rules are checked against it, so they cannot name a metric that is
gone or was never there."""

from __future__ import annotations

import re

from prometheus_client import CollectorRegistry

from faststream.nats.prometheus import NatsPrometheusMiddleware

from adapters.matrix.metrics import MatrixMetrics
from adapters.metrics import AdapterMetrics
from adapters.telegram.telegram_metrics import TelegramMetrics
from lastmile.ops.inventory import services
from shared.runtime.clock import SystemClock
from shared.runtime.metrics import RuntimeMetrics
from shared.runtime.store import Store
from shared.runtime.timer_metrics import OverdueTimers

PROMETHEUS_OWN = {"up", "scrape_duration_seconds", "scrape_samples_scraped", "ALERTS"}
SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count"), "gauge": ("",),
            "summary": ("_sum", "_count", ""), "info": ("_info",)}


def names_in(registry: CollectorRegistry) -> set[str]:
    found = set()
    for family in registry.collect():
        found |= {family.name + suffix for suffix in SUFFIXES.get(family.type, ("",))}
        found |= {sample.name for sample in family.samples}
    return found


def exported_names(data_dir) -> set[str]:
    registry = RuntimeMetrics("any").registry
    NatsPrometheusMiddleware(registry=registry)  # every broker's (shared/runtime/broker.py)
    adapters = AdapterMetrics("any").registry
    TelegramMetrics(adapters)
    MatrixMetrics(adapters)
    names = names_in(registry) | names_in(adapters) | PROMETHEUS_OWN
    for service in services():
        definition = service.definition()
        store = Store(f"sqlite:///{data_dir / service.name}.db", schema=service.name,
                      metadata=definition.metadata, migrations=definition.migrations)
        store.migrate()
        try:
            own = CollectorRegistry()
            own.register(OverdueTimers(store, SystemClock(), list(definition.timers)))
            if definition.metrics:
                definition.metrics(own, store)
            names |= names_in(own)
        finally:
            store.close()
    return names


FUNCTIONS_AND_WORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
    "inf", "nan",
}
_LABELS = re.compile(r"\{[^}]*\}")
_GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
_RANGES = re.compile(r"\[[^\]]*\]")
_STRINGS = re.compile(r'"[^"]*"')
_NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects (not its functions, labels or keywords)."""
    text = _STRINGS.sub(" ", _RANGES.sub(" ", _GROUPING.sub(" ", _LABELS.sub(" ", expr))))
    text = re.sub(r"\$\w+", " ", text)  # Grafana variables
    text = re.sub(r"(?<![A-Za-z0-9_:])\d[\w.]*", " ", text)  # numbers and durations (0.9, 1h, 30m)
    found = set()
    for match in _NAME.finditer(text):
        rest = text[match.end():].lstrip()
        if rest.startswith("("):  # a function
            continue
        if match.group() in FUNCTIONS_AND_WORDS:
            continue
        found.add(match.group())
    return found
