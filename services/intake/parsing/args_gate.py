"""Arguments of the gate and rack commands: arrivals, disinfection, zone, holds, racks."""

from __future__ import annotations

import re
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


GATE_IDS = ("A", "P", "M")
RACK_IDS = ("A", "P", "M", "D")
LIST_SEPARATORS = re.compile(r"\s*[,，、;；]\s*")


def _several(refs: list[str], make) -> dict[str, Any] | list[dict[str, Any]]:
    """One intent's fields, or several: each id once, in the order written."""
    found = [make(ref) for ref in dict.fromkeys(refs)]
    return found[0] if len(found) == 1 else found


def _leading_ids(rest: str, prefixes: tuple[str, ...], same_prefix: bool = False) -> tuple[list[str], str]:
    """`M1 M2、M3 spray` → (['M1', 'M2', 'M3'], 'spray'): the ids up front, then the rest.
    The first token must be an id (else `bad_id`). `same_prefix`: past a list written
    with commas, only ids like the first continue it (`上架 P1 A3`: A3 is a slot)."""
    head, tail = tokens.split_head(LIST_SEPARATORS.sub(",", rest.strip()), 1)
    if not head:
        raise ArgError("missing_id")
    listed = [part for part in head[0].split(",") if part]
    refs = [tokens.ref(part, prefixes) if n else tokens.ref(part) for n, part in enumerate(listed)]
    while tail:
        more, after = tokens.split_head(tail, 1)
        try:
            found = tokens.ref(more[0].strip(","), prefixes)
        except ArgError:
            break
        if same_prefix and found.rstrip("0123456789") != refs[0].rstrip("0123456789"):
            break
        refs.append(found)
        tail = after
    return refs, tail


def disinfect(rest: str, ctx: ParseContext) -> dict[str, Any] | list[dict[str, Any]]:
    """`/disinfect A7 [method]`, or several: `消杀 M1 M2 M3 [方式]` (the method for each)."""
    refs, method = _leading_ids(rest, GATE_IDS)
    return _several(refs, lambda ref: {"arrival_ref": ref, "method": _note(method)})


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


def racked(rest: str, ctx: ParseContext) -> dict[str, Any] | list[dict[str, Any]]:
    """`/racked P1 [slot]`, or several: `上架 P1 P2 P3 [货位]`, `上架 P1,M2`."""
    refs, slot = _leading_ids(rest, RACK_IDS, same_prefix=True)
    return _several(refs, lambda ref: {"item_ref": ref, "slot": slot[:32] or None})


def picked(rest: str, ctx: ParseContext) -> dict[str, Any] | list[dict[str, Any]]:
    """`/picked P45`, or several: `已取 P45 P46`."""
    refs, extra = _leading_ids(rest, RACK_IDS)
    if extra:
        raise ArgError("too_many_arguments", rest.strip())
    return _several(refs, lambda ref: {"item_ref": ref})
