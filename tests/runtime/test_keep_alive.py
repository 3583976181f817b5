"""ack_wait is what a killed process's messages wait out before another delivery (5 s, was
30 s: a kill mid-batch stalled that batch for half a minute). A live batch that takes longer
than ack_wait keeps its messages with "in progress" acks, so a short ack_wait never hands a
batch still being handled to someone else."""

from __future__ import annotations

import asyncio

import nats
import pytest

from shared.contracts import streams
from shared.runtime.consumer import BatchHandler
from shared.runtime.provision import ConsumerSettings, ensure_consumer, ensure_stream
from shared.runtime.settings import ServiceSettings


def _handler(heartbeat: float) -> BatchHandler:
    handler = BatchHandler.__new__(BatchHandler)  # only the keep-alive is exercised here
    handler.heartbeat = heartbeat
    return handler


async def _one_pulled(js, durable: str, ack_wait: float):
    spec = streams.events_stream("probeclient")
    await ensure_stream(js, spec)
    await ensure_consumer(js, spec, ConsumerSettings(durable, ("lm.*.probeclient.slow",), ack_wait=ack_wait))
    await js.publish("lm.test.probeclient.slow", b"{}")
    subscription = await js.pull_subscribe_bind(durable, spec.name)
    [msg] = await subscription.fetch(1, timeout=5)
    return subscription, msg


@pytest.mark.parametrize("kept_alive", [True, False], ids=["kept alive", "not kept alive"])
async def test_a_batch_longer_than_ack_wait_is_not_delivered_again_while_handled(js, kept_alive):
    subscription, msg = await _one_pulled(js, f"probe-slow-{kept_alive}", ack_wait=1)
    if kept_alive:
        async with _handler(heartbeat=1 / 3)._kept_alive([msg]):
            await asyncio.sleep(2.5)  # a batch handled for 2.5 × ack_wait (say, PostgreSQL away)
    else:
        await asyncio.sleep(2.5)
    try:
        again = await subscription.fetch(1, timeout=0.5)
    except nats.errors.TimeoutError:
        again = []
    assert len(again) == (0 if kept_alive else 1)
    await msg.ack()


def test_the_default_ack_wait_is_seconds_not_half_a_minute():
    assert ServiceSettings().ack_wait == 5.0
