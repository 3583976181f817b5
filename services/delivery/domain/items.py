"""An item's life: planned (to carry) → racked → escalated (still racked, admin told) →
picked_up (every household took its part). Each refusal is a reason code and params."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PLANNED = "planned"
RACKED = "racked"
ESCALATED = "escalated"
PICKED_UP = "picked_up"
STATES = (PLANNED, RACKED, ESCALATED, PICKED_UP)
ON_RACK = (RACKED, ESCALATED)

PORTION_PREFIX = "D"
ITEM_ID = re.compile(r"^[APMD]\d+$")


@dataclass(frozen=True)
class Refusal:
    reason: str
    params: dict[str, str] = field(default_factory=dict)


def normal_ref(ref: str) -> str:
    return ref.strip().upper()


def is_ours(ref: str) -> bool:
    """Ids delivery can answer about: arrivals it received (A, P, M) and portions (D)."""
    return bool(ITEM_ID.match(ref))


def portions_param(portions: list[tuple[str, str]]) -> str:
    """`D3@3 D4@5`: each portion id with its building, for a reply that names them."""
    return " ".join(f"{item_id}@{building}" for item_id, building in portions)


def rack_refusal(item_id: str, state: str, slot: str | None, new_slot: str | None) -> Refusal | None:
    """Why `/racked` cannot be done; None also when it moves a racked item to a new slot."""
    if state == PICKED_UP:
        return Refusal("already_picked_up", {"item": item_id})
    if state in ON_RACK and (new_slot is None or new_slot == slot):
        return Refusal("already_racked", {"item": item_id, "slot": slot or ""})
    return None
