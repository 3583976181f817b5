"""The group buy's life: proposed → approved (committee or policy) or refused → open until
its deadline → closed (by its leader, the committee, or the deadline).

Approval opens a buy at once; `approved` is a step in the machine, not a resting state.
"""

from __future__ import annotations

from datetime import datetime

from . import vendors
from .refusals import Refusal, refuse

PROPOSED, APPROVED, OPEN, REFUSED, CLOSED = "proposed", "approved", "open", "refused", "closed"
MAY_PROPOSE = {"group_leader", "committee"}

TRANSITIONS: dict[tuple[str, str], str] = {
    (PROPOSED, "approve"): APPROVED,
    (PROPOSED, "reject"): REFUSED,
    (APPROVED, "open"): OPEN,
    (APPROVED, "refuse"): REFUSED,
    (OPEN, "close"): CLOSED,
}


def next_status(status: str, action: str) -> str | None:
    """The status after `action`, or None when the machine does not allow it."""
    return TRANSITIONS.get((status, action))


def proposal_problem(role: str, vendor_status: str | None, vendor_ref: str, deadline: datetime,
                     now: datetime) -> Refusal | None:
    if role not in MAY_PROPOSE:
        return refuse("not_allowed", role=role)
    if vendor_status is None:
        return refuse("unknown_vendor", vendor=vendor_ref)
    return vendors.supply_problem(vendor_status) or deadline_problem(deadline, now)


def deadline_problem(deadline: datetime, now: datetime) -> Refusal | None:
    if deadline <= now:
        return refuse("deadline_passed", deadline=deadline.isoformat())
    return None


def opening_problem(vendor_status: str, deadline: datetime, now: datetime) -> Refusal | None:
    """Why an approved buy cannot open: its vendor was suspended meanwhile, or time ran out."""
    return vendors.supply_problem(vendor_status) or deadline_problem(deadline, now)


def decision_problem(status: str, decision: str) -> Refusal | None:
    action = "approve" if decision == "approve" else "reject"
    if next_status(status, action) is None:
        return refuse("already_decided", status=status)
    return None


def close_problem(status: str, *, role: str, person_id: str, leader_id: str) -> Refusal | None:
    if person_id != leader_id and role != vendors.COMMITTEE:
        return refuse("not_allowed", role=role)
    if next_status(status, "close") is None:
        return refuse("groupbuy_not_open", status=status)
    return None
