"""(3)(4)(5) The pipeline chat.in → intake → vetting → notify → chat.out for orders, the
800-household surge through holding, and each service's resident memory."""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import nats

from shared.contracts.streams import SERVICES

from . import compound
from .chat import BenchChat
from .quiet_gc import collector_paused
from .system import Services

COMMUNITY = "bench"
# The surge waits out real holds (2 h in a sealed zone): the system lives 720× faster, so a
# hold takes 10 s and the group buy's deadline (23:59, from a day starting at midnight) 2 min.
CLOCK_SPEED = 720


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


async def _surge(chat: BenchChat, senders: dict[str, str], homes: list[tuple[str, str]]) -> dict:
    """Every household orders while a parcel for each reaches the gate; then every parcel is
    disinfected and held. Wall time until every reply, and until every release."""
    released: set[str] = set()

    async def on_release(msg) -> None:
        released.add(json.loads(msg.data)["data"]["arrival_id"])

    await chat.nc.subscribe(f"lm.{COMMUNITY}.holding.hold.released", cb=on_release)
    started = time.perf_counter()
    ids = []
    for i, (building, room) in enumerate(homes):
        ids.append(await chat.say(senders[f"{building}-{room}"], f"接龙 GB1 {i % 3 + 1}", wait_ack=False))
        ids.append(await chat.say(senders["guard"], f"/arrive parcel {building}-{room}", wait_ack=False))
    await chat.js.publish_async_completed()
    answered = await chat.wait_replies(ids, 300)
    replied = time.perf_counter() - started
    disinfections = [await chat.say(senders["property"], f"/disinfect P{n}", wait_ack=False)
                     for n in range(1, len(homes) + 1)]
    await chat.js.publish_async_completed()
    await chat.wait_replies(disinfections, 300)
    deadline = time.monotonic() + 300
    while len(released) < len(homes) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return {"messages": len(ids), "all_answered": answered, "replied_in_s": replied,
            "released": len(released), "all_released_in_s": time.perf_counter() - started}


async def pipeline(nats_url: str, folder: Path, orders: int, rate: int, seconds: float,
                   size: int = 800) -> dict:
    midnight = datetime.now(ZoneInfo("Asia/Shanghai")).replace(hour=0, minute=0, second=0, microsecond=0)
    # Every service, as `lastmile up` runs them: holding and notify wait for medicine's stream.
    services = Services(list(SERVICES), nats_url=nats_url,
                        folder=folder, community=COMMUNITY,
                        extra_env={"LASTMILE_CLOCK_SPEED": str(CLOCK_SPEED),
                                   "LASTMILE_CLOCK_ORIGIN": datetime.now(timezone.utc).isoformat(),
                                   "LASTMILE_CLOCK_START": midnight.isoformat()})
    codes = compound.import_roster(folder, services.env, size)
    services.start()
    nc = await nats.connect(nats_url)
    chat = BenchChat(nc)
    await chat.listen()
    try:
        senders = await _setup(chat, codes)
        idle = services.rss_mib()
        cpu_before = services.cpu_seconds()
        generator_before = time.process_time()
        peak: dict[str, float] = {}
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sampling_rss(services, peak, stop))
        with collector_paused():
            started = time.perf_counter()
            ids = await _orders(chat, senders, orders, None, compound.households(size))
            answered = await chat.wait_replies(ids, 300)
            sustained = len(ids) / (time.perf_counter() - started)
            paced = await _orders(chat, senders, int(rate * seconds), rate, compound.households(size))
            await chat.wait_replies(paced, 120)
        stop.set()
        await sampler
        cpu = {name: used - cpu_before[name] for name, used in services.cpu_seconds().items()}
        cpu["load generator"] = time.process_time() - generator_before  # this process, on the same cores
        surge = await _surge(chat, senders, compound.households(size))
        latencies = chat.latencies_ms(paced)
        return {
            "households": size, "orders": orders, "all_answered": answered, "sustained_per_s": sustained,
            "latency_ms": {"rate_per_s": rate, "p50": statistics.median(latencies),
                                        "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)],
                                        "answered": len(latencies), "sent": len(paced),
                                        "timeline": chat.timeline(paced)},
            "rss_mib": {"idle": idle, "under_load": peak},
            "cpu_s_orders": cpu,  # CPU each service spent on the sustained and the paced orders
            "surge": surge, "clock_speed": CLOCK_SPEED,
        }
    finally:
        await nc.close()
        services.stop()
