"""Each service's Prometheus registry, with the runtime's own figures beside FastStream's.

Labels are bounded by design: consumer and timer names, never people, ids or texts.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class RuntimeMetrics:
    def __init__(self, service: str, registry: CollectorRegistry | None = None):
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.up = Gauge("lastmile_service_info", "Service running (value 1)", ["service"], registry=r)
        self.up.labels(service).set(1)
        self.handled = Counter(
            "lastmile_messages_handled", "Messages whose effect was committed", ["consumer"], registry=r
        )
        self.duplicates = Counter(
            "lastmile_inbox_duplicates", "Redelivered messages skipped by the inbox", ["consumer"], registry=r
        )
        self.retries = Counter(
            "lastmile_retries", "Messages handed back for a delayed retry", ["consumer"], registry=r
        )
        self.store_unavailable = Counter(
            "lastmile_store_unavailable", "Batches that found the store locked, full or restarting (retried, "
            "never dead-lettered)", ["consumer"], registry=r
        )
        self.store_lock_waits = Counter(
            "lastmile_store_lock_waits", "Transactions that found the SQLite store's write lock held "
            "elsewhere (an operator's command, another process) and went to wait for it on the store's "
            "thread, off the event loop", registry=r
        )
        self.dead_letters = Counter(
            "lastmile_dead_letters", "Messages parked on the dead-letter subject", ["consumer", "reason"], registry=r
        )
        self.outbox_backlog = Gauge("lastmile_outbox_backlog", "Outbox events not yet published", registry=r)
        self.outbox_oldest = Gauge(
            "lastmile_outbox_oldest_age_seconds", "Age of the oldest unpublished outbox event", registry=r
        )
        self.published = Counter("lastmile_outbox_published", "Outbox events published", registry=r)
        self.relay_errors = Counter("lastmile_outbox_relay_errors", "Relay rounds that failed", registry=r)
        self.timers_fired = Counter("lastmile_timers_fired", "Stored timers fired", ["kind"], registry=r)
        self.timer_failures = Counter("lastmile_timer_failures", "Stored timers whose handler failed", ["kind"], registry=r)
        self.consumer_pending = Gauge(
            "lastmile_consumer_pending", "Messages of its stream not yet delivered to the durable consumer "
            "(JetStream num_pending, sampled)", ["consumer"], registry=r)
        self.consumer_ack_pending = Gauge(
            "lastmile_consumer_ack_pending", "Messages delivered to the durable consumer and not acked yet "
            "(JetStream num_ack_pending, sampled)", ["consumer"], registry=r)
        self.batch_seconds = Histogram(
            "lastmile_batch_seconds", "Time to handle one pulled batch (store transaction)", ["consumer"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5), registry=r,
        )
