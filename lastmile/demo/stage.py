"""How the day's script talks: people say things through the demo's chat and wait for the
reply each message gets, or for what they are told; ids are read from what they were told.
Time is the compound's (the services' shared accelerated clock)."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable
from zoneinfo import ZoneInfo

from shared.runtime.clock import ScaledClock

from .chat import DemoChat
from .compound import Compound, Person

ZONE = ZoneInfo("Asia/Shanghai")
ALL_GROUP = "grp-all"


def ident(prefix: str) -> str:
    """An id like GB12 or P45 in a reply, also when Chinese text touches it (`P45已放行`)."""
    return rf"(?<![A-Za-z0-9]){prefix}\d+(?!\d)"


def exactly(an_id: str) -> str:
    return rf"(?<![A-Za-z0-9]){an_id}(?!\d)"


def group_of(building: str) -> str:
    return f"grp-b{building}"


@dataclass
class PhaseRecord:
    title: str
    started_at: datetime  # compound time
    sent: int = 0
    received: int = 0
    seconds: float = 0.0
    note: str = ""


@dataclass
class Stage:
    chat: DemoChat
    compound: Compound
    clock: ScaledClock
    report: Callable[[str, dict], None] = lambda kind, data: None
    timeout: float = 120.0  # real seconds for any one reply or notice
    _today: date | None = field(default=None, repr=False)

    @property
    def today(self) -> date:
        """The day being played (fixed when it starts: a late evening must not become tomorrow)."""
        if self._today is None:
            self._today = self.clock.now().astimezone(ZONE).date()
        return self._today

    def clock_at(self, hhmm: str) -> datetime:
        hours, minutes = map(int, hhmm.split(":"))
        return datetime.combine(self.today, datetime.min.time(), tzinfo=ZONE) + timedelta(hours=hours, minutes=minutes)

    async def _until_clock(self, hhmm: str) -> None:
        await asyncio.sleep(self.clock.real_seconds_until(self.clock_at(hhmm)))

    @property
    def residents(self) -> list[Person]:
        return self.compound.residents

    def staff(self, name: str) -> Person:
        return self.compound.staff[name]

    async def say(self, lines: list[tuple[Person, str] | tuple[Person, str, dict]], what: str,
                  replies: bool = True) -> list[str]:
        """Send every line (as fast as JetStream takes them) and wait for each one's reply."""
        ids = []
        self.report("work", {"what": what, "done": 0, "total": len(lines)})
        for line in lines:
            person, text, options = (*line, {}) if len(line) == 2 else line
            ids.append(await self.chat.say(person.sender, text, wait_ack=False, **options))
        await self.chat.flush()
        if replies:
            def answered() -> bool:
                done = sum(1 for m in ids if self.chat.answers.get(m))
                self.report("work", {"what": what, "done": done, "total": len(ids)})
                return done == len(ids)
            await self.chat.until(answered, self.timeout, f"a reply to every {what}")
        return ids

    def reply(self, message_id: str) -> str:
        return "\n".join(out["text"] for out in self.chat.answers.get(message_id, []))

    def told(self, person: Person, pattern: str) -> list[re.Match]:
        """What `person` read in their direct chat that matches `pattern`."""
        return [m for out in self.chat.inbox.get(person.dm, []) for m in re.finditer(pattern, out["text"])]

    async def wait_told(self, people: list[Person], pattern: str, what: str, timeout: float | None = None) -> None:
        def all_told() -> bool:
            done = sum(1 for p in people if self.told(p, pattern))
            self.report("work", {"what": what, "done": done, "total": len(people)})
            return done == len(people)
        await self.chat.until(all_told, timeout or self.timeout, what)

    def found(self, message_id: str, pattern: str, what: str) -> str:
        match = re.search(pattern, self.reply(message_id))
        if not match:
            raise RuntimeError(f"{what}: the reply does not say it ({self.reply(message_id)!r})")
        return match.group(0)

    async def wait_told_group(self, chat_id: str, pattern: str, what: str) -> None:
        await self.chat.until(lambda: any(re.search(pattern, out["text"]) for out in self.chat.inbox.get(chat_id, [])),
                              self.timeout, what)

    def _index(self, home: str) -> int:
        return next(i for i, p in enumerate(self.residents) if p.home == home)

    def _pick(self, person: Person, item: str) -> tuple[Person, str]:
        return person, f"{'已取' if person.zh else '/picked'} {item}"
