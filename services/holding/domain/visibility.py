"""Who sees what of the gate in `/status`. The gate's staff, the committee and volunteers
(who carry what is released) see the whole list; a building admin sees their building's
parcels and medicine; anyone else only their own household's. A group buy's delivery (A7)
is nobody's secret. Whoever may not see an arrival is told there is no such arrival."""

from __future__ import annotations

from dataclasses import dataclass

from shared.contracts.intake import Actor

SEES_GATE = {"guard", "property", "committee", "volunteer"}


@dataclass(frozen=True)
class Scope:
    """`all`, `building:<b>`, `household:<b>/<room>` or `none` (no home to look at)."""

    name: str
    building: str | None = None
    room: str | None = None

    def sees(self, kind: str, building: str | None, room: str | None) -> bool:
        if self.name == "all" or kind == "groupbuy":
            return True
        if self.name.startswith("building"):
            return building == self.building
        return self.name != "none" and (building, room) == (self.building, self.room)


def scope_of(actor: Actor) -> Scope:
    if actor.role in SEES_GATE:
        return Scope("all")
    if actor.role == "building_admin" and actor.building:
        return Scope(f"building:{actor.building}", actor.building)
    if actor.building and actor.room:
        return Scope(f"household:{actor.building}/{actor.room}", actor.building, actor.room)
    return Scope("none")
