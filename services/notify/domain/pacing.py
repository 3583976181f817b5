"""Token buckets: how many messages a chat or a platform may take now, and when the next.

A bucket refills at `rate` tokens a second up to `burst`; sending takes one token. Stored as
(tokens, as-of time), so the limit holds across restarts and costs one row per scope.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Bucket:
    tokens: float
    at: datetime
    rate: float   # tokens per second
    burst: int

    @classmethod
    def full(cls, at: datetime, rate: float, burst: int) -> "Bucket":
        return cls(float(burst), at, rate, burst)

    def refilled(self, now: datetime) -> "Bucket":
        elapsed = max(0.0, (now - self.at).total_seconds())
        return Bucket(min(float(self.burst), self.tokens + elapsed * self.rate), max(now, self.at),
                      self.rate, self.burst)

    def available(self) -> int:
        return math.floor(self.tokens + 1e-9)

    def take(self, count: int) -> "Bucket":
        return Bucket(self.tokens - count, self.at, self.rate, self.burst)

    def next_token_at(self) -> datetime:
        """When one whole token will be there (now, if it already is)."""
        missing = 1.0 - self.tokens
        if missing <= 1e-9:
            return self.at
        return self.at + timedelta(seconds=missing / self.rate)


def allowance(buckets: list[Bucket]) -> int:
    return min(b.available() for b in buckets)


def next_allowed(buckets: list[Bucket]) -> datetime:
    return max(b.next_token_at() for b in buckets)
