"""One service hop, one message at a time: each request is published only once the event
it causes is out, so every batch is a single message, as at a moderate rate.

What a batch costs whatever its size (its transaction, thread hops, relay round, acks)
decides the latency at moderate load, and the throughput figures of `lastmile bench` hide it
behind large batches. CPU is the whole process's: the hop and its client share it, as they
share the machine in the pipeline. `python -m lastmile.bench.one_at_a_time [count]`."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nats

from shared.contracts import streams
from shared.contracts.subjects import service_events
from shared.runtime.loop import run
from shared.runtime.provision import ensure_stream
from shared.runtime.service import ServiceRuntime
from shared.runtime.settings import ServiceSettings

from . import events
from .embedded import embedded_nats
from .load import requests, subject

COMMUNITY = "bench"
WARM_UP = 200


async def _measure(nats_url: str, folder: Path, count: int) -> dict[str, float]:
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    await ensure_stream(js, streams.events_stream(events.CLIENT))
    settings = ServiceSettings(nats_url=nats_url, data_dir=folder, metrics_port=0, community=COMMUNITY,
                               log_level="WARNING")
    runtime = ServiceRuntime(events.definition(COMMUNITY), settings)
    await runtime.start()
    out = asyncio.Event()

    async def on_event(_msg) -> None:
        out.set()

    await nc.subscribe(service_events(events.SERVICE, COMMUNITY), cb=on_event)
    try:
        messages = requests(WARM_UP + count, COMMUNITY)
        latencies = []
        for n, (msg_id, body) in enumerate(messages):
            if n == WARM_UP:
                cpu, wall = time.process_time(), time.perf_counter()
            out.clear()
            sent = time.perf_counter()
            await js.publish(subject(COMMUNITY), body, headers={"Nats-Msg-Id": msg_id})
            await asyncio.wait_for(out.wait(), 10)
            latencies.append((time.perf_counter() - sent) * 1000)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        await runtime.stop()
        await nc.close()
    measured = sorted(latencies[WARM_UP:])
    return {"cpu_ms_per_message": cpu / count * 1000, "wall_ms_per_message": wall / count * 1000,
            "latency_p50_ms": statistics.median(measured), "latency_p99_ms": measured[int(count * 0.99) - 1]}


def main(count: int = 2000) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="lastmile-one-") as folder, embedded_nats(Path(folder)) as url:
        return run(_measure(url, Path(folder), count))


if __name__ == "__main__":
    for name, value in main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000).items():
        print(f"{name}: {value:.3f}")
