"""Who may confirm a pickup, and for which household.

The recipient of an item is a household (building + room): a parcel's, or each household
with a line in a group buy's portion. Any resident of that household may confirm, and so
may a proxy the household named. One `/picked` confirms every household the asker may
speak for that is still waiting (their own, and those they are proxy for).
"""

from __future__ import annotations

from dataclasses import dataclass

from .items import ON_RACK, PLANNED, Refusal

Household = tuple[str, str]  # (building, room)


@dataclass(frozen=True)
class PickupView:
    item_id: str
    state: str
    building: str
    waiting_rooms: frozenset[str]
    picked_rooms: frozenset[str]


@dataclass(frozen=True)
class Picker:
    household: Household | None
    proxy_for: frozenset[Household]


def households_to_confirm(item: PickupView, picker: Picker) -> list[tuple[str, bool]] | Refusal:
    """[(room, by_proxy)] the picker confirms now, or why not."""
    if item.state == PLANNED:
        return Refusal("not_on_rack", {"item": item.item_id})
    rooms = item.waiting_rooms | item.picked_rooms
    own = picker.household[1] if picker.household and picker.household[0] == item.building else None
    proxied = {room for building, room in picker.proxy_for if building == item.building} - {own}
    own_rooms = {own} & rooms
    proxied &= rooms
    if not own_rooms and not proxied:
        return Refusal("not_recipient", {"item": item.item_id})
    chosen = [(room, False) for room in own_rooms & item.waiting_rooms]
    chosen += [(room, True) for room in sorted(proxied & item.waiting_rooms)]
    if not chosen or item.state not in ON_RACK:
        room = sorted(own_rooms or proxied)[0]
        return Refusal("already_picked_up", {"item": item.item_id, "room": room})
    return chosen
