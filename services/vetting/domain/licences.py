"""Licences (证照): a business licence always, a food-business licence to sell food.

A licence is valid through its expiry date, in the compound's time zone: it expires at the
midnight that ends that day. That moment is when a stored timer suspends the vendor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterable
from zoneinfo import ZoneInfo

from .refusals import Refusal, refuse

BUSINESS = "business"
FOOD = "food"


@dataclass(frozen=True)
class LicenceFacts:
    kind: str
    number: str
    expires_on: date


def expires_at(licence: LicenceFacts, tz: ZoneInfo) -> datetime:
    return datetime.combine(licence.expires_on + timedelta(days=1), time(), tzinfo=tz)


def is_valid(licence: LicenceFacts, now: datetime, tz: ZoneInfo) -> bool:
    return now < expires_at(licence, tz)


def by_kind(licences: Iterable[LicenceFacts]) -> dict[str, LicenceFacts]:
    """One licence per kind; a later one of the same kind replaces an earlier one."""
    return {licence.kind: licence for licence in licences}


def registration_problem(licences: Iterable[LicenceFacts], now: datetime, tz: ZoneInfo) -> Refusal | None:
    """Why these licences cannot be registered: no business licence, a blank number, or expired."""
    kinds = by_kind(licences)
    if BUSINESS not in kinds:
        return refuse("licence_missing", kind=BUSINESS)
    for licence in kinds.values():
        if not licence.number.strip():
            return refuse("licence_number_missing", kind=licence.kind)
        if not is_valid(licence, now, tz):
            return refuse("licence_expired", kind=licence.kind, expires_on=licence.expires_on.isoformat())
    return None


def first_expiring(licences: Iterable[LicenceFacts]) -> LicenceFacts | None:
    ordered = sorted(licences, key=lambda licence: licence.expires_on)
    return ordered[0] if ordered else None


def expired_one(licences: Iterable[LicenceFacts], now: datetime, tz: ZoneInfo) -> LicenceFacts | None:
    """The licence whose expiry suspends the vendor now, if any."""
    expired = [lic for lic in licences if not is_valid(lic, now, tz)]
    return first_expiring(expired)


def is_complete(licences: Iterable[LicenceFacts], now: datetime, tz: ZoneInfo) -> bool:
    """证照齐全: business and food licences, both valid (what auto-approval asks for)."""
    kinds = by_kind(licences)
    return all(kind in kinds and is_valid(kinds[kind], now, tz) for kind in (BUSINESS, FOOD))


def can_sell_food(licences: Iterable[LicenceFacts], now: datetime, tz: ZoneInfo) -> bool:
    food = by_kind(licences).get(FOOD)
    return food is not None and is_valid(food, now, tz)
