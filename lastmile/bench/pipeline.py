"""(3)(4)(5) The pipeline chat.in → intake → vetting → notify → chat.out for orders, the
800-household surge through holding, and each service's resident memory."""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

import nats

from . import compound
from .chat import BenchChat
from .system import Services

COMMUNITY = "bench"


async def _sampling_rss(services: Services, peak: dict[str, float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        for name, size in services.rss_mib().items():
            peak[name] = max(peak.get(name, 0.0), size)
        await asyncio.sleep(0.2)


async def _setup(chat: BenchChat, codes: dict[str, dict[str, str]]) -> dict[str, str]:
    """Bind everyone, register a guaranteed vendor, open GB1; returns the sender of each key."""
    senders = {key: f"u-{row['person_id']}" for key, row in codes.items()}
    binds = [await chat.say(senders[key], f"/bind {row['code']}", wait_ack=False) for key, row in codes.items()]
    await chat.js.publish_async_completed()
    if not await chat.wait_replies(binds, 120):
        raise RuntimeError("not every /bind was answered")
    vendor = await chat.say(senders["committee"], "/vendor Fresh Farm\nlicence BL-1 2030-12-31\n"
                                                  "food FL-1 2030-12-31\nguaranteed")
    await chat.wait_replies([vendor], 30)
    buy = await chat.say(senders["group_leader"], "/groupbuy V1 until 23:59\nvegetable box vegetables 25")
    await chat.wait_replies([buy], 30)
    return senders


async def _orders(chat: BenchChat, senders: dict[str, str], count: int, rate: float | None,
                  households: list[tuple[str, str]]) -> list[str]:
    ids = []
    started = time.perf_counter()
    for i in range(count):
        if rate:
            await asyncio.sleep(max(0.0, started + i / rate - time.perf_counter()))
        building, room = households[i % len(households)]
        ids.append(await chat.say(senders[f"{building}-{room}"], f"/order GB1 {i % 5 + 1}", wait_ack=False))
    await chat.js.publish_async_completed()
    return ids


async def pipeline(nats_url: str, folder: Path, orders: int, rate: int, seconds: float,
                   size: int = 800) -> dict:
    services = Services(["intake", "vetting", "holding", "delivery", "notify"], nats_url=nats_url,
                        folder=folder, community=COMMUNITY)
    codes = compound.import_roster(folder, services.env, size)
    services.start()
    nc = await nats.connect(nats_url)
    chat = BenchChat(nc)
    await chat.listen()
    try:
        senders = await _setup(chat, codes)
        idle = services.rss_mib()
        peak: dict[str, float] = {}
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sampling_rss(services, peak, stop))
        started = time.perf_counter()
        ids = await _orders(chat, senders, orders, None, compound.households(size))
        answered = await chat.wait_replies(ids, 300)
        sustained = len(ids) / (time.perf_counter() - started)
        paced = await _orders(chat, senders, int(rate * seconds), rate, compound.households(size))
        await chat.wait_replies(paced, 120)
        stop.set()
        await sampler
        latencies = chat.latencies_ms(paced)
        return {
            "households": size, "orders": orders, "all_answered": answered, "sustained_per_s": sustained,
            "latency_ms": {"rate_per_s": rate, "p50": statistics.median(latencies),
                                        "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)],
                                        "answered": len(latencies), "sent": len(paced)},
            "rss_mib": {"idle": idle, "under_load": peak},
        }
    finally:
        await nc.close()
        services.stop()
