"""Arguments of the gate and rack commands: arrivals, disinfection, zone, holds, racks."""

from __future__ import annotations

from typing import Any

from . import tokens
from .context import ParseContext
from .results import ArgError

PARCEL_WORDS = {"parcel": "parcel", "快递": "parcel", "包裹": "parcel",
                "medicine": "medicine", "药品": "medicine", "药": "medicine"}
ZONE_WORDS = {"sealed": "sealed", "封控区": "sealed", "封控": "sealed",
              "controlled": "controlled", "管控区": "controlled", "管控": "controlled",
              "precaution": "precaution", "防范区": "precaution", "防范": "precaution"}


def _note(text: str) -> str | None:
    return text.strip()[:500] or None


def arrive(rest: str, ctx: ParseContext) -> dict[str, Any]:
    """`/arrive GB12 5 [note]` or `/arrive parcel 3-1201 [note]` (also `medicine`)."""
    head, note = tokens.split_head(rest, 2)
    if not head:
        raise ArgError("missing_id")
    kind = PARCEL_WORDS.get(head[0].lower())
    if len(head) < 2:
        raise ArgError("missing_room" if kind else "missing_boxes")
    if kind:
        building, room = tokens.building_room(head[1])
        return {"kind": kind, "building": building, "room": room, "note": _note(note)}
    return {"kind": "groupbuy", "groupbuy_ref": tokens.ref(head[0], ("GB",)),
            "boxes": tokens.quantity(head[1], minimum=1), "note": _note(note)}


def disinfect(rest: str, ctx: ParseContext) -> dict[str, Any]:
    head, method = tokens.split_head(rest, 1)
    if not head:
        raise ArgError("missing_id")
    return {"arrival_ref": tokens.ref(head[0]), "method": _note(method)}


def zone(rest: str, ctx: ParseContext) -> dict[str, Any]:
    parts = rest.split()
    if len(parts) != 1 or parts[0].lower() not in ZONE_WORDS:
        raise ArgError("bad_zone", rest.strip()[:50])
    return {"level": ZONE_WORDS[parts[0].lower()]}


def extend(rest: str, ctx: ParseContext) -> dict[str, Any]:
    """`/extend A7 HOURS REASON`: a reason is required, nobody extends silently."""
    head, reason = tokens.split_head(rest, 2)
    if len(head) < 2:
        raise ArgError("missing_id" if not head else "missing_hours")
    return {"arrival_ref": tokens.ref(head[0]), "hours": tokens.hours(head[1]),
            "reason": tokens.free_text(reason, problem="missing_reason", limit=500)}


def racked(rest: str, ctx: ParseContext) -> dict[str, Any]:
    head, slot = tokens.split_head(rest, 1)
    if not head:
        raise ArgError("missing_id")
    return {"item_ref": tokens.ref(head[0]), "slot": slot[:32] or None}


def picked(rest: str, ctx: ParseContext) -> dict[str, Any]:
    parts = rest.split()
    if len(parts) != 1:
        raise ArgError("missing_id" if not parts else "too_many_arguments", rest.strip())
    return {"item_ref": tokens.ref(parts[0])}
