"""An arrival's life in the gate area: awaiting disinfection → held → released.
Each step says why it cannot happen, as a reason code and params for the reply."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

AWAITING = "awaiting_disinfection"
HELD = "held"
RELEASED = "released"
STATES = (AWAITING, HELD, RELEASED)


@dataclass(frozen=True)
class Blocked:
    reason: str
    params: dict[str, str] = field(default_factory=dict)


def disinfection_blocked(arrival_id: str, state: str, disinfected_at: datetime | None) -> Blocked | None:
    if state != AWAITING:
        return Blocked("already_disinfected", {"arrival": arrival_id,
                                               "at": disinfected_at.isoformat() if disinfected_at else ""})
    return None


def extension_blocked(arrival_id: str, state: str) -> Blocked | None:
    if state == AWAITING:
        return Blocked("not_disinfected", {"arrival": arrival_id})
    if state == RELEASED:
        return Blocked("already_released", {"arrival": arrival_id})
    return None


def is_late(now: datetime, disinfect_by: datetime) -> bool:
    return now > disinfect_by
