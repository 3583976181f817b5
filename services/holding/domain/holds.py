"""When a hold ends, and how it may change: it starts at disinfection, lasts the zone's
hours, may be extended, and is never shortened nor released before it is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

ZONES = ("sealed", "controlled", "precaution")


@dataclass(frozen=True)
class HoldPolicy:
    """Hours of hold per zone level (from settings)."""

    sealed: float = 2.0
    controlled: float = 2.0
    precaution: float = 1.0

    def hours(self, zone: str) -> float:
        if zone not in ZONES:
            raise ValueError(f"unknown zone level {zone!r}")
        return getattr(self, zone)


def due_at(disinfected_at: datetime, hours: float) -> datetime:
    return disinfected_at + timedelta(hours=hours)


class ShorteningRefused(ValueError):
    """An extension must add time: a hold is never shortened."""


def extended(due: datetime, hours: float) -> datetime:
    """The new due time after extending by `hours` (> 0), always later than `due`."""
    if not hours > 0:
        raise ShorteningRefused(f"an extension must add time, got {hours!r} hours")
    return due + timedelta(hours=hours)


def may_release(due: datetime, now: datetime) -> bool:
    return now >= due


def held_seconds(disinfected_at: datetime, released_at: datetime) -> float:
    return (released_at - disinfected_at).total_seconds()
