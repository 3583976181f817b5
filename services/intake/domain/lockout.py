"""Guessing binding codes: a few failures per identity, then a lock for a while.

Plain values in, plain values out; the store keeps one `Attempts` per identity and the
handler's clock says what time it is. A success forgets the failures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class BindPolicy:
    max_failures: int
    window: timedelta   # failures are forgotten after this long without another one
    lockout: timedelta  # how long an identity that reached `max_failures` is refused


@dataclass(frozen=True)
class Attempts:
    failures: int = 0
    last_failed_at: datetime | None = None
    locked_until: datetime | None = None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


NONE = Attempts()


def after_failure(attempts: Attempts, now: datetime, policy: BindPolicy) -> Attempts:
    """Count one more failure; the one that reaches the limit starts the lock.

    The count is forgotten after a quiet `window` since the last failure (not a window from
    the first one: that would allow twice the limit in a burst straddling its end)."""
    quiet = attempts.last_failed_at is None or now - attempts.last_failed_at >= policy.window
    failures = 1 if quiet else attempts.failures + 1
    if failures >= policy.max_failures:
        return Attempts(0, None, now + policy.lockout)
    return Attempts(failures, now, None)


def failures_left(attempts: Attempts, policy: BindPolicy) -> int:
    return max(policy.max_failures - attempts.failures, 0)
