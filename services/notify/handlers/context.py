"""What every notify handler shares: settings, the texts, and the bulletin timer's guard."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from shared.runtime.tables import timers
from shared.runtime.tx import Tx

from ..domain.days import next_bulletin
from ..render.texts import Texts
from ..settings import NotifySettings, RateLimit

BULLETIN_TIMER = "notify.bulletin"
BULLETIN_KEY = "daily"


@dataclass
class Notify:
    settings: NotifySettings
    texts: Texts
    _bulletin_timer_seen: bool = field(default=False, repr=False)

    @classmethod
    def from_settings(cls, settings: NotifySettings) -> "Notify":
        return cls(settings=settings, texts=Texts(settings.tz))

    @property
    def tz(self) -> ZoneInfo:
        return self.settings.tz

    def limit(self, platform: str) -> RateLimit:
        return self.settings.rate_limit(platform)

    def retry_at(self, failures: int, now: datetime) -> datetime | None:
        """When to try a notice again after its `failures`-th failed send; None: give up."""
        delays = self.settings.notify_retry_delays
        return now + timedelta(seconds=delays[failures - 1]) if failures <= len(delays) else None

    def ensure_bulletin_timer(self, tx: Tx) -> None:
        """The bulletin's timer re-arms itself each day; this sets the very first one. Once
        a committed timer is seen, the check costs nothing until the process restarts."""
        if self._bulletin_timer_seen:
            return
        exists = tx.conn.execute(select(timers.c.id).where(timers.c.kind == BULLETIN_TIMER)).first()
        if exists:
            self._bulletin_timer_seen = True
            return
        day, due = next_bulletin(tx.now, self.tz, self.settings.bulletin_hour)
        tx.schedule(BULLETIN_TIMER, BULLETIN_KEY, due, {"day": day.isoformat()})
