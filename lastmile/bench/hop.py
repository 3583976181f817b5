"""(2) One lastmile service hop with its real store: the bench service on the runtime,
input preloaded, timed until every output event is on its stream."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from nats.aio.client import Client

from shared.contracts import streams
from shared.runtime.provision import ensure_stream
from shared.runtime.service import ServiceRuntime
from shared.runtime.settings import ServiceSettings

from . import events
from .load import publish_all, subject


async def runtime_hop(nc: Client, nats_url: str, messages: list[tuple[str, bytes]], folder: Path,
                      community: str = "bench") -> float:
    js = nc.jetstream()
    for spec in (streams.events_stream(events.CLIENT), streams.events_stream(events.SERVICE)):
        try:
            await js.delete_stream(spec.name)
        except Exception:
            pass
    await ensure_stream(js, streams.events_stream(events.CLIENT))
    await publish_all(js, subject(community), messages)
    settings = ServiceSettings(nats_url=nats_url, data_dir=folder, metrics_port=0, community=community,
                               log_level="WARNING", batch_size=500)
    runtime = ServiceRuntime(events.definition(community), settings)
    started = time.perf_counter()
    await runtime.start()
    try:
        out = streams.events_stream(events.SERVICE).name
        while (await js.stream_info(out)).state.messages < len(messages):
            await asyncio.sleep(0.02)
        return len(messages) / (time.perf_counter() - started)
    finally:
        await runtime.stop()
        for spec in (streams.events_stream(events.CLIENT), streams.events_stream(events.SERVICE),
                     streams.dead_letter_stream(events.SERVICE)):
            await js.delete_stream(spec.name)
