"""Vendors: who may register one, what the guaranteed-supply flag needs, and approval.

Statuses: pending (registered, awaiting the committee) → approved | refused; approved or
pending → suspended when a licence expires. Only the committee marks a vendor as a
municipal guaranteed-supply enterprise (市级保供企业): anyone else asking for the flag is
refused rather than silently registered without it, so nobody believes it was granted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable
from zoneinfo import ZoneInfo

from . import licences as lic
from .refusals import Refusal, refuse

PENDING, APPROVED, REFUSED, SUSPENDED = "pending", "approved", "refused", "suspended"
MAY_REGISTER = {"group_leader", "committee"}
COMMITTEE = "committee"


@dataclass(frozen=True)
class Registration:
    role: str
    name: str
    licences: tuple[lic.LicenceFacts, ...]
    guaranteed: bool


def registration_problem(reg: Registration, now: datetime, tz: ZoneInfo) -> Refusal | None:
    if reg.role not in MAY_REGISTER:
        return refuse("not_allowed", role=reg.role)
    if not reg.name.strip():
        return refuse("name_missing")
    if reg.guaranteed and reg.role != COMMITTEE:
        return refuse("guaranteed_committee_only")
    return lic.registration_problem(reg.licences, now, tz)


def approved_by_policy(guaranteed: bool, licences: Iterable[lic.LicenceFacts], now: datetime,
                       tz: ZoneInfo, *, policy_on: bool) -> bool:
    return policy_on and guaranteed and lic.is_complete(licences, now, tz)


def approval_problem(status: str, licences: Iterable[lic.LicenceFacts], now: datetime,
                     tz: ZoneInfo) -> Refusal | None:
    """Why the committee cannot approve this vendor now."""
    if status == APPROVED:
        return refuse("already_approved")
    if status == REFUSED:
        return refuse("already_refused")
    expired = lic.expired_one(licences, now, tz)
    if status == SUSPENDED or expired:
        kind = expired.kind if expired else "?"
        return refuse("licence_expired", kind=kind)
    return None


def rejection_problem(status: str) -> Refusal | None:
    if status in (REFUSED, SUSPENDED):
        return refuse(f"already_{status}")
    return None


def supply_problem(status: str) -> Refusal | None:
    """Why a group buy from a vendor in this status cannot be proposed or opened."""
    if status == SUSPENDED:
        return refuse("vendor_suspended")
    if status != APPROVED:
        return refuse("vendor_not_approved", status=status)
    return None
