"""A compound in one test: every service on its own store and one clock over the session's
real NATS, a roster imported by intake's real import, and people who only write chat
messages (`chat.in`) and read what reaches their chats (`chat.out`)."""

from __future__ import annotations

import csv
import itertools
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from shared.contracts.chat import ChatIn, ChatOut
from shared.runtime.clock import FixedClock
from services.intake.roster.run import run_import
from tests.medicine.stack import own_settings, services
from tests.notify.helpers import ChatOutReader, receipt
from tests.support.waiting import eventually

T0 = datetime(2022, 4, 10, 1, 0, tzinfo=timezone.utc)  # 09:00 in Shanghai
PLATFORM = "terminal"
ALL = ["intake", "vetting", "holding", "delivery", "medicine", "notify"]
_ids = itertools.count(1)


@dataclass
class Compound:
    js: object
    clock: FixedClock
    codes: dict[str, str]
    out: ChatOutReader
    running: dict = field(default_factory=dict)

    async def say(self, text: str, sender: str, *, chat_id: str | None = None, group: bool = False) -> ChatIn:
        """`sender` writes `text` in their direct chat (`dm-<sender>`), or in the group `chat_id`."""
        message = ChatIn(platform=PLATFORM, chat_id=chat_id or f"dm-{sender}",
                         chat_type="group" if group else "direct", sender_id=sender,
                         message_id=f"m{next(_ids)}", text=text, sent_at=self.clock.now())
        await self.js.publish(f"chat.in.{PLATFORM}", message.model_dump_json().encode(),
                              headers={"Nats-Msg-Id": message.dedupe_key})
        return message

    async def answers(self, message: ChatIn, count: int = 1) -> list[str]:
        """The replies threaded to `message`, once `count` have come."""
        found = await self.out.wait_for(count, chat_id=message.chat_id, reply_to=message.message_id)
        return [m.text for m in found]

    async def answer(self, message: ChatIn, containing: str) -> str:
        """The reply to `message` that contains `containing` (other services may answer too)."""
        async def check():
            texts = [m.text for m in await self.out.read()
                     if m.chat_id == message.chat_id and m.reply_to == message.message_id]
            return next((t for t in texts if containing in t), None)
        return await eventually(check, what=f"a reply containing {containing!r}")

    async def told(self, chat_id: str, containing: str) -> ChatOut:
        """The first notice in `chat_id` that contains `containing`."""
        async def check():
            return next((m for m in await self.out.read() if m.chat_id == chat_id and containing in m.text), None)
        return await eventually(check, what=f"{chat_id} told {containing!r}")

    async def inbox(self, chat_id: str) -> list[str]:
        return [m.text for m in await self.out.read() if m.chat_id == chat_id]

    async def bind(self, *people: str) -> None:
        """Each binds from their direct chat with their code and reads the answer."""
        for person in people:
            await self.answers(await self.say(f"/bind {self.codes[person]}", person))

    async def fail(self, message: ChatOut, reason: str | None, error: str) -> None:
        """The adapter's word that `message` could not be delivered."""
        await receipt(self.js, message, "failed", error, reason=reason)

    def later(self, **delta) -> None:
        self.clock.advance(seconds=timedelta(**delta).total_seconds())


def write_roster(folder: Path, text: str) -> Path:
    path = folder / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


@asynccontextmanager
async def compound(js, settings_for, tmp_path: Path, roster: str, overrides: dict | None = None):
    """Every service running, the roster imported; person ids are `P<line>` as the import
    makes them, and `codes` maps each to their binding code."""
    clock = FixedClock(T0)
    intake = own_settings(settings_for, "intake")
    result = run_import(intake, write_roster(tmp_path, roster), tmp_path / "codes.csv")
    assert not result.problems, result.problems
    with (tmp_path / "codes.csv").open(encoding="utf-8-sig") as f:
        codes = {row["person_id"]: row["code"] for row in csv.DictReader(f)}
    # A frozen clock refills no token bucket: chats may take a morning's worth at once here.
    overrides = {"notify": {"notify_rate_limits": {"default": {"chat_per_minute": 60, "chat_burst": 100}}},
                 **(overrides or {})}
    async with services(js, settings_for, clock, ALL, overrides) as running:
        yield Compound(js, clock, codes, ChatOutReader(js), running)
