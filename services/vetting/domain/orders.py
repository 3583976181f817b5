"""Orders: one line per household (building + room) and item; a later order or an edit
sets the line, it never adds a second one. Tallies, minimum-quantity progress, and what
is dropped at close follow from the lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from .groupbuys import OPEN
from .refusals import Refusal, refuse


@dataclass(frozen=True)
class Line:
    building: str
    room: str
    item: str
    qty: int


def is_stale(known_revision: int | None, revision: int) -> bool:
    """A copy or an older revision of a chat message we already acted on: no second effect."""
    return known_revision is not None and revision <= known_revision


def household_problem(building: str | None, room: str | None) -> Refusal | None:
    if not building or not room:
        return refuse("no_household")
    return None


ORDERS_FOR_BUILDING = "building_admin"  # collects the demand of their building (设计 §2.3)


def household_for(actor_building: str | None, actor_room: str | None, roles: set[str],
                  building: str | None, room: str | None) -> tuple[str, str] | Refusal:
    """Whose line this is: the writer's own household, or a room written before the item
    (`3-502 青菜2`) when it is theirs or, for a building admin, one of their building."""
    if not building or not room:
        return household_problem(actor_building, actor_room) or (actor_building, actor_room)
    if (building, room) == (actor_building, actor_room):
        return building, room
    if ORDERS_FOR_BUILDING in roles and building == actor_building:
        return building, room
    return refuse("not_your_household", room=f"{building}-{room}")


def order_problem(status: str | None, ref: str, qty: int, max_qty: int) -> Refusal | None:
    if status is None:
        return refuse("unknown_groupbuy", groupbuy=ref)
    if status != OPEN:
        return refuse("groupbuy_not_open", groupbuy=ref, status=status)
    if qty > max_qty:
        return refuse("qty_too_large", qty=qty, max=max_qty)
    return None


def remaining_to_min(total: int, min_qty: int | None) -> int:
    """还差 N 份成团: how many more portions the item needs (0 once reached, or without minimum)."""
    return max(0, (min_qty or 0) - total)


def missed_minimum(totals: Mapping[str, int], minimums: Mapping[str, int | None]) -> list[str]:
    """Items that close below their minimum: dropped, and their orderers told."""
    return [item for item, minimum in minimums.items() if remaining_to_min(totals.get(item, 0), minimum) > 0]


def totals_of(lines: Iterable[Line]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for line in lines:
        totals[line.item] = totals.get(line.item, 0) + line.qty
    return totals


def by_household(lines: Iterable[Line]) -> dict[tuple[str, str], list[str]]:
    """Items per (building, room), to tell each household once about all its lines."""
    found: dict[tuple[str, str], list[str]] = {}
    for line in lines:
        found.setdefault((line.building, line.room), []).append(line.item)
    return found
