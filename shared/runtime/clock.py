"""The injectable clock behind every timestamp and every timer.

`ScaledClock` lets a running system live faster than real time (speed 600 = ten minutes a
second) so a whole day can be watched in minutes; every process given the same origin
agrees on the time, and a restarted one picks up where the others are.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Protocol

UTC = timezone.utc


class Clock(Protocol):
    def now(self) -> datetime: ...

    def real_seconds_until(self, moment: datetime) -> float:
        """Real (wall) seconds to wait until the clock reads `moment`; 0 if past."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def real_seconds_until(self, moment: datetime) -> float:
        return max(0.0, (moment - self.now()).total_seconds())


class ScaledClock:
    """Virtual time = start + (real now − origin) × speed."""

    def __init__(self, speed: float, origin: datetime, start: datetime | None = None):
        if speed <= 0:
            raise ValueError("clock speed must be positive")
        self.speed = speed
        self.origin = origin.timestamp()
        self.start = start or origin

    def now(self) -> datetime:
        return self.start + timedelta(seconds=(time.time() - self.origin) * self.speed)

    def real_seconds_until(self, moment: datetime) -> float:
        return max(0.0, (moment - self.now()).total_seconds() / self.speed)


class FixedClock:
    """A clock that moves only when told to: for unit tests of timers and deadlines."""

    def __init__(self, at: datetime):
        self._now = at

    def now(self) -> datetime:
        return self._now

    def set(self, at: datetime) -> None:
        self._now = at

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def real_seconds_until(self, moment: datetime) -> float:
        return 0.0 if moment <= self._now else 0.05


def clock_from(speed: float, origin: datetime | None, start: datetime | None) -> Clock:
    if speed == 1.0 and start is None:
        return SystemClock()
    return ScaledClock(speed, origin or datetime.now(UTC), start)
