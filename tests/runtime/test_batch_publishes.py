"""A consumer's transaction fetches the outbox and hands what it finds to be published at once
(`Relay.run_and_hand_over`): events in commit order, each published once by this process
even while the relay's own rounds and other batches run beside it, nothing lost when a batch
fails."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from shared.contracts import streams
from shared.runtime.metrics import RuntimeMetrics
from shared.runtime.provision import ensure_stream
from shared.runtime.relay import Relay, backlog
from shared.runtime.store import Store
from shared.runtime.tables import outbox as outbox_table
from shared.runtime.tx import Tx
from tests.support import probe
from tests.support.waiting import stream_messages


def _emit(conn, label: str) -> str:
    tx = Tx(conn=conn, now=datetime.now(timezone.utc), source="probe", community="test")
    envelope = tx.emit(probe.ProbeCounted(label=label, total=1))
    tx.flush()
    return envelope.id


def _fail(conn) -> None:
    _emit(conn, "never")
    raise RuntimeError("the handler failed")


@pytest.fixture
async def outbox(js, settings_for):
    settings = settings_for()
    await ensure_stream(js, streams.events_stream("probe"))
    store = Store(settings.database_url_for("probe"), schema=settings.schema_for("probe"))
    store.migrate()
    metrics = RuntimeMetrics("probe")
    # The relay's loop is never started: what is published here, a batch handed over (or the
    # test's own publish_pending/drain calls).
    yield store, Relay(store, lambda: js, metrics, interval=3600), metrics
    store.close()


def commit_order(conn) -> list[str]:
    return list(conn.scalars(select(outbox_table.c.msg_id).order_by(outbox_table.c.seq)))


def published(metrics: RuntimeMetrics) -> float:
    return metrics.registry.get_sample_value("lastmile_outbox_published_total")


async def ids_in_stream(js) -> list[str]:
    return [m.headers["Nats-Msg-Id"] for m in await stream_messages(js, "LM_PROBE")]


async def test_a_batch_publishes_its_events_and_what_waited_before_them(js, outbox):
    store, relay, _ = outbox
    waiting = store.run_sync(_emit, "left by a crash")  # committed, never published

    first = await relay.run_and_hand_over(_emit, "rice")
    await relay.handed_over()
    assert await ids_in_stream(js) == [waiting, first]  # at once, in commit order
    assert store.run_sync(backlog)[0] == 2  # published; marked by the next transaction

    second = await relay.run_and_hand_over(_emit, "oil")
    await relay.handed_over()
    assert await ids_in_stream(js) == [waiting, first, second]
    assert store.run_sync(backlog)[0] == 1  # the batch before was marked in this one


async def test_a_failed_batch_publishes_nothing_and_loses_no_mark(js, outbox):
    store, relay, metrics = outbox
    first = await relay.run_and_hand_over(_emit, "rice")
    await relay.handed_over()
    with pytest.raises(RuntimeError):
        await relay.run_and_hand_over(_fail)
    assert await ids_in_stream(js) == [first]  # the rolled-back event was never sent
    second = await relay.run_and_hand_over(_emit, "oil")  # the failed batch let go of the lock:
    await relay.handed_over()  # this one is handed over and published, not left to the relay
    assert await ids_in_stream(js) == [first, second]
    await relay.drain()
    assert store.run_sync(backlog)[0] == 0  # `first` was still marked, later
    assert published(metrics) == 2


async def test_batches_beside_the_relays_round_publish_each_event_once_in_order(js, outbox):
    store, relay, metrics = outbox
    emitted = await asyncio.gather(*(relay.run_and_hand_over(_emit, f"item {n}") for n in range(20)),
                                   *(relay.publish_pending() for _ in range(5)))
    await relay.drain()
    assert len([i for i in emitted if isinstance(i, str)]) == 20
    assert await ids_in_stream(js) == store.run_sync(commit_order)  # all, in commit order
    assert published(metrics) == 20  # no event went out twice (JetStream would hide it)
    assert store.run_sync(backlog)[0] == 0
