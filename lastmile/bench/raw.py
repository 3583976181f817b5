"""(1) The raw ceiling: plain nats-py JetStream publish, then pull-consume with acks, of the
same messages the hops carry."""

from __future__ import annotations

import time

from nats.aio.client import Client
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig

from .load import publish_all


async def raw_ceiling(nc: Client, messages: list[tuple[str, bytes]]) -> dict[str, float]:
    js = nc.jetstream()
    await js.add_stream(StreamConfig(name="BENCH_RAW", subjects=["benchraw.>"]))
    try:
        started = time.perf_counter()
        await publish_all(js, "benchraw.x", messages)
        published = time.perf_counter() - started
        await js.add_consumer("BENCH_RAW", ConsumerConfig(durable_name="raw", ack_policy=AckPolicy.EXPLICIT))
        subscription = await js.pull_subscribe_bind(durable="raw", stream="BENCH_RAW")
        started, seen = time.perf_counter(), 0
        while seen < len(messages):
            for msg in await subscription.fetch(500, timeout=5):
                await msg.ack()
                seen += 1
        await nc.flush()
        consumed = time.perf_counter() - started
    finally:
        await js.delete_stream("BENCH_RAW")
    return {"publish_per_s": len(messages) / published, "consume_ack_per_s": len(messages) / consumed}
