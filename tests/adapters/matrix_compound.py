"""A small compound served over Matrix, for the end-to-end tests: every service as its own
process on a private NATS, the roster imported with `lastmile roster import`, the Matrix
adapter process logged in as the bot, and the people on the homeserver, each with a direct
chat with the bot ("start a chat" in Element: an invite marked `is_direct`). People read
what the bot wrote with the homeserver's own `/messages`, as their client shows it."""

from __future__ import annotations

import asyncio
import json
import os
import re
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import nats

from lastmile.bench import compound
from shared.contracts.streams import SERVICES
from tests.support.adapter_process import AdapterProcess
from tests.support.chat_streams import receipts
from tests.support.servers import embedded_nats
from tests.support.services import ServiceProcess
from tests.support.waiting import eventually

from .conftest import unique
from .matrix_people import Person

UNLIMITED = {"chat_per_minute": 1e9, "chat_burst": 10**9, "platform_per_second": 1e9, "platform_burst": 10**9}
# (building, room, name, role, language) after the two households (1-101 en, 1-102 zh).
STAFF = [("", "", "王主任", "committee", "zh"), ("", "", "Leader Lee", "group_leader", "en"),
         ("", "", "Guard Gu", "guard", "en"), ("", "", "物业小张", "property", "zh")]
KEYS = {"1-101": "resident_en", "1-102": "resident_zh", "committee": "committee",
        "group_leader": "leader", "guard": "guard", "property": "property"}


def service_env(nats_url: str, data: Path, *, rate_limits: dict | None = None,
                hold_hours: float = 0.0005) -> dict[str, str]:
    """Real time, holds of under two seconds, quick redelivery; notify's own pacing lifted for
    Matrix unless given (the homeserver's limits are what these tests meet)."""
    return {**os.environ, "LASTMILE_NATS_URL": nats_url, "LASTMILE_DATA_DIR": str(data),
            "LASTMILE_COMMUNITY": "mx", "LASTMILE_LOG_LEVEL": "INFO",
            "LASTMILE_NOTIFY_RATE_LIMITS": json.dumps(rate_limits or {"matrix": UNLIMITED}),
            "LASTMILE_HOLD_HOURS_SEALED": str(hold_hours), "LASTMILE_ACK_WAIT": "5",
            "LASTMILE_RETRY_DELAYS": "[0.2, 0.5, 1]", "LASTMILE_RELAY_INTERVAL": "0.1",
            "LASTMILE_TIMER_INTERVAL": "0.1"}


@dataclass
class Resident:
    person: Person
    code: str
    person_id: str = ""
    dm: str = ""
    zh: bool = False

    @property
    def bind(self) -> str:
        return f"绑定 {self.code}" if self.zh else f"/bind {self.code}"


@dataclass
class MatrixCompound:
    folder: Path
    homeserver: str
    stack: ExitStack = field(default_factory=ExitStack)
    people: dict[str, Resident] = field(default_factory=dict)
    services: dict[str, ServiceProcess] = field(default_factory=dict)
    adapter: AdapterProcess | None = None
    bot: Person | None = None
    nats_url: str = ""
    exempt: Callable[[str], None] = lambda user_id: None  # the homeserver's rate limits off for a user

    def start(self, *, adapter_env: dict[str, str] | None = None, rate_limits: dict | None = None,
              hold_hours: float = 0.0005) -> None:
        self.nats_url, _ = self.stack.enter_context(embedded_nats())
        data, logs = self.folder / "data", self.folder / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.env = service_env(self.nats_url, data, rate_limits=rate_limits, hold_hours=hold_hours)
        rows = compound.import_rows(data, self.env, 2, staff=STAFF)
        for name in SERVICES:
            self.services[name] = ServiceProcess(name, self.env, logs)
        self.stack.callback(self._stop_all)
        for process in self.services.values():
            process.start(wait=False)
        # Accounts are registered on the homeserver while the services boot.
        for row in rows:
            key = KEYS[f"{row['building']}-{row['room']}" if row["role"] == "resident" else row["role"]]
            self.people[key] = Resident(Person(self.homeserver, unique(key.replace("_", ""))), row["code"],
                                        row["person_id"], zh=key in ("resident_zh", "committee", "property"))
            self.exempt(self.people[key].person.user_id)
        self.bot = Person(self.homeserver, unique("lastmile"))
        for process in self.services.values():
            process.wait_healthy(60)
        self.adapter = AdapterProcess("matrix", {**self.env, **self.matrix_env(), **(adapter_env or {})}, logs)
        self.adapter.start()

    def matrix_env(self) -> dict[str, str]:
        return {"LASTMILE_MATRIX_HOMESERVER": self.homeserver, "LASTMILE_MATRIX_USER": self.bot.user_id,
                "LASTMILE_MATRIX_PASSWORD": self.bot.password, "LASTMILE_MATRIX_SYNC_TIMEOUT": "10"}

    def _stop_all(self) -> None:
        for process in [self.adapter, *self.services.values()]:
            if process and process.proc and process.proc.poll() is None:
                process.stop()

    async def open_direct_chats(self) -> None:
        async def open_one(resident: Resident) -> None:
            resident.dm = await resident.person.create_room([self.bot.user_id], direct=True)
        await asyncio.gather(*(open_one(r) for r in self.people.values()))
        await eventually(self._bot_in_every_dm, what="the bot joins every direct chat", timeout=30)

    async def _bot_in_every_dm(self) -> bool:
        for resident in self.people.values():
            if self.bot.user_id not in await resident.person.members(resident.dm):
                return False
        return True

    async def group(self, name: str, *members: str) -> str:
        """A group room the committee makes, with these people and the bot; everyone joined."""
        owner = self.people["committee"].person
        room = await owner.create_room([self.bot.user_id, *(self.people[m].person.user_id for m in members)])
        for m in members:
            await self.people[m].person.join(room)
        await eventually(lambda: self._joined(owner, room), what=f"the bot joins {name}")
        return room

    async def _joined(self, person: Person, room: str) -> bool:
        return self.bot.user_id in await person.members(room)

    # -- what people read --------------------------------------------------------------------

    async def from_bot(self, reader: Person, room: str) -> list[dict]:
        return await reader.messages_from(room, self.bot.user_id)

    async def replies(self, reader: Person, room: str, event_id: str, count: int = 1,
                      timeout: float = 30) -> list[str]:
        """The bodies of the bot's replies to one event, once there are `count` of them."""
        async def found():
            bodies = [m["content"]["body"] for m in await self.from_bot(reader, room)
                      if _replied_to(m) == event_id]
            return bodies if len(bodies) >= count else None
        return await eventually(found, timeout=timeout, what=f"{count} replies to {event_id} in {room}")

    async def told(self, reader: Person, room: str, pattern: str, timeout: float = 30) -> str:
        """The first message of the bot in `room` whose body matches `pattern`."""
        async def found():
            for m in await self.from_bot(reader, room):
                if re.search(pattern, m["content"].get("body", "")):
                    return m["content"]["body"]
            return None
        return await eventually(found, timeout=timeout, what=f"{pattern!r} in {room}")

    async def bind_everyone(self) -> dict[str, str]:
        """Everyone sends their code in their direct chat at once; each one's reply."""
        keys = list(self.people)
        replies = await asyncio.gather(*(self.ask(key, self.people[key].bind) for key in keys))
        return dict(zip(keys, replies))

    async def ask(self, key: str, text: str, room: str | None = None, *, count: int = 1) -> str:
        """`key` says `text` (in their direct chat unless a room is given); the bot's reply
        (the last of `count`, for a message that is answered twice: registered, then approved)."""
        resident = self.people[key]
        room = room or resident.dm
        event_id = await resident.person.say(room, text)
        return (await self.replies(resident.person, room, event_id, count))[count - 1]

    def restart_adapter(self) -> None:
        self.adapter.stop()
        self.adapter.start()

    async def publish_out(self, out) -> None:
        """A `chat.out.matrix` message as notify writes it (for what notify would never send)."""
        nc = await nats.connect(self.nats_url)
        try:
            await nc.jetstream().publish("chat.out.matrix", out.model_dump_json().encode(),
                                         headers={"Nats-Msg-Id": out.message_id})
        finally:
            await nc.close()

    async def receipts(self) -> list[dict]:
        nc = await nats.connect(self.nats_url)
        try:
            return await receipts(nc.jetstream(), "matrix")
        finally:
            await nc.close()

    async def close(self) -> None:
        for resident in self.people.values():
            await resident.person.close()
        if self.bot:
            await self.bot.close()
        self.stack.close()


def _replied_to(message: dict) -> str | None:
    relation = message["content"].get("m.relates_to") or {}
    return (relation.get("m.in_reply_to") or {}).get("event_id")
