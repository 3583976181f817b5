"""Playing the day on the embedded runtime: a private NATS (or the one given), every service
as its own process with a SQLite store (the bench's launcher), the roster imported with
`lastmile roster import`, and one accelerated clock that the services and the script share."""

from __future__ import annotations

import json
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

import nats

from shared.contracts.streams import SERVICES as ALL_SERVICES
from shared.runtime.clock import ScaledClock

from ..bench.embedded import embedded_nats
from ..bench.system import Services
from .chat import PLATFORM, DemoChat
from .compound import Compound, import_compound
from .day import ZONE, Day, Plan

SERVICES = list(ALL_SERVICES)  # every one, as `lastmile up` runs them (holding waits for medicine's stream)
COMMUNITY = "demo"
# The demo's platform is an in-process chat, not Telegram: notify's per-chat limits (20 a
# minute) would only queue the day's 800 order replies, so they are lifted as in the bench.
UNLIMITED = {PLATFORM: {"chat_per_minute": 1e9, "chat_burst": 10**9,
                        "platform_per_second": 1e9, "platform_burst": 10**9}}
DAY_STARTS = "06:00"
# The compound's clock reads 06:00 this many real seconds after the processes are started: they
# all take the same origin, and starting them takes a few seconds (longer on a busy machine).
# Binding runs meanwhile; a slower start only means the day begins a little later than 06:00.
STARTUP_SECONDS = 8.0


@dataclass
class Played:
    day: Day
    compound: Compound
    chat: DemoChat
    seconds: float
    folder: Path


def clock_for(speed: float, origin: datetime) -> tuple[ScaledClock, datetime]:
    today = datetime.now(ZONE).date()
    hours, minutes = map(int, DAY_STARTS.split(":"))
    start = datetime.combine(today, datetime.min.time(), tzinfo=ZONE) + timedelta(hours=hours, minutes=minutes)
    return ScaledClock(speed, origin, start), start


async def play(folder: Path, *, households: int = 800, per_building: int = 40, speed: float = 900.0,
               nats_url: str | None = None, report: Callable[[str, dict], None] = lambda kind, data: None,
               timeout: float = 120.0) -> Played:
    """Run the whole day; the services stop when it ends (their stores and logs stay in `folder`)."""
    with ExitStack() as stack:
        url = nats_url or stack.enter_context(embedded_nats(folder))
        origin = datetime.now(timezone.utc) + timedelta(seconds=STARTUP_SECONDS)
        clock, start = clock_for(speed, origin)
        services = Services(SERVICES, nats_url=url, folder=folder, community=COMMUNITY, extra_env={
            "LASTMILE_CLOCK_SPEED": str(speed), "LASTMILE_CLOCK_ORIGIN": origin.isoformat(),
            "LASTMILE_CLOCK_START": start.isoformat(), "LASTMILE_TIMEZONE": str(ZONE),
            "LASTMILE_NOTIFY_RATE_LIMITS": json.dumps(UNLIMITED),
            # Timers (holds, reminders, the bulletin) are looked at 4× a second, so at ×900 a
            # timer is at most ~4 compound minutes late rather than 15.
            "LASTMILE_TIMER_INTERVAL": "0.25", "LASTMILE_RELAY_INTERVAL": "0.25"})
        report("setup", {"what": f"roster of {households} households imported"})
        compound = import_compound(folder, services.env, households, per_building)
        report("setup", {"what": "starting NATS and every service as its own process"})
        stack.callback(services.stop)
        services.start()
        report("setup", {"what": "services up", "services": SERVICES, "nats": url})
        nc = await nats.connect(url)
        try:
            chat = DemoChat(nc)
            await chat.listen()
            report("live", {"chat": chat, "clock": clock})
            day = Day(chat, compound, clock, plan=Plan(households, per_building), report=report, timeout=timeout)
            started = time.perf_counter()
            await day.run()
            await chat.flush()
            return Played(day, compound, chat, time.perf_counter() - started, folder)
        finally:
            await nc.close()
