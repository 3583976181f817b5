"""The runtime's gauges for operators: consumer lag (JetStream's pending counts, sampled)
and how late stored timers are (by the service's clock), read from a real NATS and store."""

from __future__ import annotations

from datetime import timedelta

import httpx
from prometheus_client.parser import text_string_to_metric_families

from shared.contracts.streams import events_stream
from shared.runtime.clock import FixedClock
from shared.runtime.lag import ConsumerLag
from shared.runtime.provision import ensure_stream
from shared.runtime.service import ServiceRuntime
from shared.runtime.store import Store
from shared.runtime.tables import timers
from shared.runtime.timer_metrics import OverdueTimers
from tests.support import probe
from tests.support.waiting import eventually


def scrape(runtime) -> dict[tuple[str, tuple], float]:
    text = httpx.get(f"http://127.0.0.1:{runtime.health.port}/metrics", timeout=5).text
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


async def test_consumer_lag_counts_what_waits_and_drains_to_zero(js, settings_for):
    await ensure_stream(js, events_stream("probeclient"))
    settings = settings_for(consumer_lag_interval=0.1)
    first = ServiceRuntime(probe.definition(), settings)
    await first.start()  # creates the durable consumer
    await first.stop()
    for label in ("a", "b", "c"):
        await probe.publish(js, probe.request(label))

    runtime = ServiceRuntime(probe.definition(), settings)
    key = ("lastmile_consumer_pending", (("consumer", "probe-requests"),))
    acks = ("lastmile_consumer_ack_pending", (("consumer", "probe-requests"),))
    waiting = runtime.metrics.consumer_pending.labels("probe-requests")
    sampler = ConsumerLag(lambda: js, [("LM_PROBECLIENT", "probe-requests")], runtime.metrics, 1)
    await sampler.sample()  # nothing consumes yet: all three wait
    assert waiting._value.get() == 3

    await runtime.start()
    try:
        async def drained():
            values = scrape(runtime)
            return values.get(key) == 0 and values.get(acks) == 0 and probe.counts(runtime) == 3

        await eventually(drained, what="consumer lag back to 0 on /metrics")
    finally:
        await runtime.stop()


def test_overdue_timers_are_measured_by_the_service_clock(settings_for):
    settings = settings_for()
    store = Store(settings.database_url_for("probe"), schema=settings.schema_for("probe"))
    store.migrate()
    clock = FixedClock(probe.NOW)
    try:
        collector = OverdueTimers(store, clock, ["bell", "gong"])

        def values():
            return {s.labels["kind"]: s.value for family in collector.collect() for s in family.samples}

        assert values() == {"bell": 0, "gong": 0}
        store.run_sync(lambda c: c.execute(timers.insert(), [
            {"kind": "bell", "key": "1", "due_at": probe.NOW + timedelta(minutes=10), "data": "{}"},
            {"kind": "bell", "key": "2", "due_at": probe.NOW + timedelta(minutes=20), "data": "{}"},
            {"kind": "other", "key": "3", "due_at": probe.NOW - timedelta(days=1), "data": "{}"},
        ]))
        assert values() == {"bell": 0, "gong": 0}  # not due yet; unknown kinds are no label
        clock.advance(minutes=25)
        assert values() == {"bell": 15 * 60, "gong": 0}  # the oldest due one counts
    finally:
        store.close()
