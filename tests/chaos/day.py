"""A chaos run: the bench's compound (roster, bindings, a vendor and a group buy) on real
service processes, then the day's load in four waves — every household orders while its
parcel reaches the gate; property disinfects every parcel; after the hold, racks it; the
household picks it up — while faults strike at set points of the load.

The load is the bench's (`lastmile.bench`: compound, BenchChat, Services' environment); what
is added here is a sender that keeps trying a publish NATS did not ack (as an adapter does,
same dedupe key), and the faults.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Awaitable, Callable
from zoneinfo import ZoneInfo

import nats
from nats.aio.client import Client

from lastmile.bench import compound
from lastmile.bench.chat import PLATFORM, BenchChat
from lastmile.bench.pipeline import _setup
from lastmile.bench.system import Services
from shared.contracts import streams
from shared.contracts.chat import ChatIn
from shared.contracts.streams import SERVICES
from tests.support.services import ServiceProcess

from . import tally
from .tally import Tally, read_stream

COMMUNITY = "chaos"
MESSAGES_PER_HOUSEHOLD = 5  # its order, its parcel's arrival, disinfection, racking, its pickup


class SteadyChat(BenchChat):
    """The bench's chat platform, except that a publish JetStream did not ack is sent again
    with the same dedupe key until it is (NATS restarting, a cluster electing a leader), as
    an adapter must: a platform's message is only "got" once JetStream has it."""

    def __init__(self, nc: Client, on_sent: Callable[[], None]):
        super().__init__(nc)
        self.resent = 0
        self._on_sent = on_sent

    async def say(self, sender: str, text: str, *, wait_ack: bool = True) -> str:
        self._counter += 1
        message_id = f"m{self._counter}"
        message = ChatIn(platform=PLATFORM, chat_id=f"dm-{sender}", chat_type="direct", sender_id=sender,
                         message_id=message_id, text=text, sent_at=datetime.now(timezone.utc))
        self.sent_at[message_id] = time.perf_counter()
        body, headers = message.model_dump_json().encode(), {"Nats-Msg-Id": message.dedupe_key}
        for attempt in range(600):
            try:
                await self.js.publish(f"chat.in.{PLATFORM}", body, headers=headers, timeout=2)
                break
            except Exception:  # not acked: as far as we know not stored, so again
                self.resent += 1
                if attempt == 599:
                    raise
                await asyncio.sleep(0.1)  # back-off between tries, not a wait for a result
        self._on_sent()
        return message_id


@dataclass
class Fault:
    """`action(day)` runs once `at` (0..1) of the load's messages have been sent."""

    name: str
    at: float
    action: Callable[["ChaosDay"], Awaitable[None]]


@dataclass
class Run:
    fault: str
    households: int
    seconds: float
    sent: int
    resent: int
    tally: Tally


def kill_service(name: str, at: float) -> Fault:
    async def action(day: "ChaosDay") -> None:
        day.processes[name].kill()
        await asyncio.to_thread(day.processes[name].start)  # as supervisord starts it again
    return Fault(f"SIGKILL {name}", at, action)


def day_env() -> dict[str, str]:
    """Real time from 08:00 in the compound (no deadline or bulletin falls in the run), holds
    of under two seconds, reminders far beyond the run, quick redelivery after a kill."""
    morning = datetime.now(ZoneInfo("Asia/Shanghai")).replace(hour=8, minute=0, second=0, microsecond=0)
    return {"LASTMILE_CLOCK_SPEED": "1", "LASTMILE_CLOCK_ORIGIN": datetime.now(timezone.utc).isoformat(),
            "LASTMILE_CLOCK_START": morning.isoformat(), "LASTMILE_HOLD_HOURS_SEALED": "0.0005",
            "LASTMILE_REMINDER_HOURS": "[300]", "LASTMILE_ESCALATION_HOURS": "330",
            "LASTMILE_ACK_WAIT": "5", "LASTMILE_RETRY_DELAYS": "[0.2, 0.5, 1]",
            "LASTMILE_RELAY_INTERVAL": "0.2", "LASTMILE_TIMER_INTERVAL": "0.2",
            "LASTMILE_BATCH_SIZE": "256"}


class ChaosDay:
    def __init__(self, folder: Path, nats_urls: list[str], households: int, *,
                 extra_env: dict[str, str] | None = None, deadline: float = 120):
        self.folder = folder
        self.nats_urls = nats_urls
        self.households = households
        self.deadline = deadline
        bench = Services(list(SERVICES), nats_url=",".join(nats_urls), folder=folder, community=COMMUNITY,
                         extra_env={**day_env(), **(extra_env or {})})
        self.env = bench.env
        (folder / "logs").mkdir(parents=True, exist_ok=True)
        self.processes = {name: ServiceProcess(name, self.env, folder / "logs") for name in SERVICES}
        self.sent = 0
        self.planned = MESSAGES_PER_HOUSEHOLD * households
        self._marks: list[tuple[int, asyncio.Event]] = []
        self.nc: Client | None = None
        self.chat: SteadyChat | None = None
        # The chat platform: straight onto NATS, or (set by the test) through an adapter process.
        self.adapter: ServiceProcess | None = None
        self.make_chat: Callable[[Client, Callable[[], None]], SteadyChat] = SteadyChat

    # -- the load ---------------------------------------------------------------------------

    def _count_sent(self) -> None:
        self.sent += 1
        for count, reached in self._marks:
            if self.sent >= count:
                reached.set()

    def _mark(self, at: float) -> asyncio.Event:
        reached = asyncio.Event()
        self._marks.append((max(1, int(at * self.planned)), reached))
        return reached

    async def _send_all(self, lines: list[tuple[str, str]]) -> None:
        limit = asyncio.Semaphore(32)

        async def one(sender: str, text: str) -> None:
            async with limit:
                await self.chat.say(sender, text)

        await asyncio.gather(*(one(s, t) for s, t in lines))

    async def _events(self, service: str, event_type: str) -> list[dict]:
        messages = await read_stream(self.js, streams.events_stream(service).name,
                                     f"lm.{COMMUNITY}.{service}.{event_type}")
        return [json.loads(m.data)["data"] for m in messages]

    async def _until(self, service: str, event_type: str, count: int, key=lambda d: d) -> list[dict]:
        """Wait (polling the stream, with the run's deadline) for `count` distinct effects."""
        give_up = time.monotonic() + self.deadline
        subject = f"lm.{COMMUNITY}.{service}.{event_type}"
        found: dict = {}
        have = 0
        while True:
            try:
                info = await self.js.stream_info(streams.events_stream(service).name, subjects_filter=subject)
                have = sum((info.state.subjects or {}).values())
                if have >= count:
                    found = {json.dumps(key(d), sort_keys=True): d for d in await self._events(service, event_type)}
                    if len(found) >= count:
                        return list(found.values())
            except Exception:  # NATS away for a moment: look again
                pass
            if time.monotonic() > give_up:
                raise AssertionError(f"{self.households}-household run: {have} {event_type} ({len(found)} "
                                     f"distinct when last read) of {count} "
                                     f"after {self.deadline:.0f}s (logs in {self.folder / 'logs'})")
            await asyncio.sleep(0.2)  # polling interval of a deadline-bounded wait

    async def _load(self, senders: dict[str, str]) -> None:
        homes = compound.households(self.households)
        waves = []
        for i, (building, room) in enumerate(homes):
            waves.append((senders[f"{building}-{room}"], f"/order GB1 {i % 3 + 1}"))
            waves.append((senders["guard"], f"/arrive parcel {building}-{room}"))
        await self._send_all(waves)
        arrivals = await self._until("holding", "arrival.registered", len(homes), key=lambda d: d["arrival_id"])
        item_of = {f"{a['destination']['building']}-{a['destination']['room']}": a["arrival_id"] for a in arrivals}
        await self._send_all([(senders["property"], f"/disinfect {item_of[f'{b}-{r}']}") for b, r in homes])
        await self._until("holding", "hold.released", len(homes), key=lambda d: d["arrival_id"])
        # delivery's own fact, not holding's: a /racked before delivery planned the item is
        # rightly refused (not_planned_yet), and a busy delivery lags behind holding
        await self._until("delivery", "delivery.planned", len(homes), key=lambda d: d["arrival_id"])
        await self._send_all([(senders["property"], f"/racked {item_of[f'{b}-{r}']}") for b, r in homes])
        await self._until("delivery", "item.racked", len(homes), key=lambda d: d["item_id"])
        await self._send_all([(senders[f"{b}-{r}"], f"/picked {item_of[f'{b}-{r}']}") for b, r in homes])
        await self._until("delivery", "item.picked_up", len(homes), key=lambda d: d["item_id"])
        await self._until("vetting", "order.accepted", len(homes), key=lambda d: [d["building"], d["room"]])

    # -- quiet, then count --------------------------------------------------------------------

    def _outbox_backlog(self) -> int:
        total = 0
        for name in SERVICES:
            with sqlite3.connect(f"file:{self.folder / (name + '.db')}?mode=ro", uri=True) as db:
                total += db.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]
        return total

    async def _busy(self) -> int:
        """Messages some consumer has not acked yet, plus events not yet published."""
        waiting = self._outbox_backlog()
        for info in await self.js.streams_info():
            for consumer in await self.js.consumers_info(info.config.name):
                if consumer.config.durable_name:  # not our own ephemeral readers
                    waiting += consumer.num_pending + consumer.num_ack_pending
        return waiting

    async def _quiet(self) -> None:
        give_up = time.monotonic() + self.deadline
        calm = 0
        while calm < 3:  # three looks in a row, 0.3 s apart, with nothing left to do
            try:
                calm = calm + 1 if await self._busy() == 0 else 0
            except Exception:
                calm = 0
            if time.monotonic() > give_up:
                raise AssertionError(f"still busy after {self.deadline:.0f}s (logs in {self.folder / 'logs'})")
            await asyncio.sleep(0.3)

    @property
    def js(self):
        return self.nc.jetstream()

    # -- the run --------------------------------------------------------------------------------

    async def run(self, faults: list[Fault], label: str) -> Run:
        codes = compound.import_roster(self.folder, self.env, self.households)
        striking: asyncio.Task | None = None
        try:
            await asyncio.gather(*(asyncio.to_thread(p.start) for p in self.processes.values()))
            if self.adapter:
                await asyncio.to_thread(self.adapter.start)
            self.nc = await nats.connect(self.nats_urls, max_reconnect_attempts=-1, reconnect_time_wait=0.2)
            self.chat = self.make_chat(self.nc, self._count_sent)
            await self.chat.listen()
            senders = await _setup(self.chat, codes)
            self.sent, self.planned = 0, MESSAGES_PER_HOUSEHOLD * self.households
            marks = [self._mark(f.at) for f in faults]

            async def strike() -> None:
                for fault, reached in zip(faults, marks):
                    await reached.wait()
                    await fault.action(self)

            started = time.monotonic()
            striking = asyncio.create_task(strike())
            await self._load(senders)
            await striking
            await self._quiet()
            seconds = time.monotonic() - started
            # in threads: the loop keeps serving what they may still call (the chat platform)
            exits = await asyncio.gather(*(asyncio.to_thread(p.stop) for p in self.processes.values()))
            assert exits == [0] * len(exits), f"not every service stopped cleanly: {exits}"
            if self.adapter:  # uvicorn re-raises SIGTERM once it has shut down cleanly
                code = await asyncio.to_thread(self.adapter.stop)
                assert code in (0, -signal.SIGTERM), f"the adapter did not stop cleanly: {code}"
            counted = await tally.take(self.js, COMMUNITY, self.folder)
            return Run(label, self.households, seconds, self.sent, self.chat.resent, counted)
        finally:
            if striking and not striking.done():
                striking.cancel()
            for process in [*self.processes.values(), *([self.adapter] if self.adapter else [])]:
                if process.proc and process.proc.poll() is None:
                    process.proc.kill()
                    process.proc.wait(10)
            if self.nc:
                await self.nc.close()


def restart_nats(node, at: float, *, kill: bool = False) -> Fault:
    """Stop the server (SIGTERM, or SIGKILL) and start it again on the same port and store."""

    async def action(day: "ChaosDay") -> None:
        await asyncio.to_thread(node.kill if kill else node.stop)
        await asyncio.to_thread(node.start)

    return Fault(f"{'SIGKILL' if kill else 'restart'} of NATS ({node.name})", at, action)


def kill_nats(node, at: float) -> Fault:
    """SIGKILL a server and leave it down (the others carry on)."""

    async def action(day: "ChaosDay") -> None:
        await asyncio.to_thread(node.kill)

    return Fault(f"SIGKILL {node.name}", at, action)


def start_nats(node, at: float) -> Fault:
    """Start a server that was killed, on its port and store: it catches up with the others."""

    async def action(day: "ChaosDay") -> None:
        await asyncio.to_thread(node.start)

    return Fault(f"start {node.name} again", at, action)
