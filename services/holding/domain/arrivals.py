"""Which arrivals the gate accepts, what id they get, and what the guard is told if not.

A group buy's delivery is accepted only for a group buy that is open, or closed after it
was open (so approved), from a vendor that is approved and not suspended. Parcels and
medicine need the building and room they go to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ID_PREFIX = {"groupbuy": "A", "parcel": "P", "medicine": "M"}
ACCEPTED_GROUPBUY_STATES = ("open", "closed")


@dataclass(frozen=True)
class Refusal:
    reason: str
    params: dict[str, str] = field(default_factory=dict)
    guard_action: str = "turn_away"


@dataclass(frozen=True)
class ArrivalRequest:
    kind: str
    groupbuy_ref: str | None
    boxes: int | None
    building: str | None
    room: str | None


@dataclass(frozen=True)
class GroupBuyView:
    groupbuy_id: str
    vendor_id: str | None
    state: str  # open | closed | refused
    reason: str | None = None


@dataclass(frozen=True)
class VendorView:
    vendor_id: str
    name: str
    state: str  # approved | suspended
    reason: str | None = None


def id_prefix(kind: str) -> str:
    return ID_PREFIX[kind]


def missing_details(request: ArrivalRequest) -> Refusal | None:
    """What the guard must add before the arrival can be registered."""
    retry = "correct_and_retry"
    if request.kind == "groupbuy":
        if not request.groupbuy_ref:
            return Refusal("groupbuy_required", {}, retry)
        if request.boxes is None:
            return Refusal("boxes_required", {"groupbuy": request.groupbuy_ref}, retry)
        return None
    missing = [name for name in ("building", "room") if not getattr(request, name)]
    if missing:
        return Refusal("destination_required", {"missing": ",".join(missing)}, retry)
    return None


def groupbuy_refusal(ref: str, groupbuy: GroupBuyView | None, vendor: VendorView | None) -> Refusal | None:
    """Why a delivery for group buy `ref` may not enter (None: it may)."""
    if groupbuy is None:
        return Refusal("groupbuy_unknown", {"groupbuy": ref})
    if groupbuy.state not in ACCEPTED_GROUPBUY_STATES:
        return Refusal("groupbuy_refused", {"groupbuy": ref, "reason": groupbuy.reason or ""})
    vendor_id = groupbuy.vendor_id or ""
    if vendor is None or vendor.state not in ("approved", "suspended"):
        return Refusal("vendor_not_approved", {"groupbuy": ref, "vendor": vendor_id})
    if vendor.state == "suspended":
        return Refusal("vendor_suspended", {"groupbuy": ref, "vendor": vendor_id,
                                            "vendor_name": vendor.name, "reason": vendor.reason or ""})
    return None


def normal_ref(ref: str) -> str:
    """`gb12`, ` GB12 ` → `GB12`: ids are written by hand at the gate."""
    return ref.strip().upper()
