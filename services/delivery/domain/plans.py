"""Splitting a group buy's order sheet into one portion per building, each with its
hand-out list per room. Every sheet line with a quantity lands in exactly one portion, so
the portions always sum to the sheet."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from shared.runtime.places import natural


@dataclass(frozen=True)
class SheetLine:
    building: str
    room: str
    item: str
    qty: int


@dataclass(frozen=True)
class Portion:
    building: str
    rooms: dict[str, list[tuple[str, int]]]  # room → [(item, qty)], rooms and items sorted

    @property
    def totals(self) -> dict[str, int]:
        found: dict[str, int] = defaultdict(int)
        for lines in self.rooms.values():
            for item, qty in lines:
                found[item] += qty
        return dict(sorted(found.items()))


def split(lines: list[SheetLine]) -> list[Portion]:
    """One portion per building with at least one line of positive quantity."""
    by_building: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for line in lines:
        if line.qty > 0:
            rooms = by_building[line.building]
            rooms[line.room][line.item] = rooms[line.room].get(line.item, 0) + line.qty
    return [Portion(building, {room: sorted(items.items())
                               for room, items in sorted(rooms.items(), key=lambda r: natural(r[0]))})
            for building, rooms in sorted(by_building.items())]


def rack_of(building: str) -> str:
    """One rack per building, named by the building."""
    return building
