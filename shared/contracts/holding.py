"""Events published by holding: what reached the gate, its disinfection, its hold and its
release for delivery.

Arrival ids: `A7` for a group buy's delivery, `P45` for a parcel, `M3` for medicine (its own
series, so whoever renders it knows the note may hold medical details). Every outcome of an
intent carries the intent's `ChatRef` (`chat`), the asker's `person_id` and `language`, so
notify replies threaded and in the right language; timer-driven events leave them empty.
Every refusal carries a `reason` code and `params` for notify's zh/en templates.

Times are the holding service's clock (injectable: tests and demos may run it faster).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from .registry import Payload, event
from .vetting import Outcome  # the shared "who to answer" fields, same meaning everywhere

ArrivalKind = Literal["groupbuy", "parcel", "medicine"]
ZoneLevel = Literal["sealed", "controlled", "precaution"]
GuardAction = Literal["turn_away", "correct_and_retry", "none"]


class Destination(Payload):
    """Where an arrival goes next: a group buy (split into building portions by delivery
    from vetting's order sheet) or one building-room (parcels, medicine)."""

    kind: ArrivalKind
    groupbuy_id: str | None = None
    vendor_id: str | None = None
    building: str | None = None
    room: str | None = None
    boxes: int | None = None
    note: str | None = Field(default=None, description="medicine: may hold medical details")
    request_id: str | None = Field(default=None, description="medicine handed in by a run: its request (MR12)")


# -- arrivals ---------------------------------------------------------------------------------


@event("arrival.registered", source="holding")
class ArrivalRegistered(Outcome):
    """The guard registered an arrival at the gate; it waits for disinfection until
    `disinfect_by` (after that, `disinfection.overdue` is raised once)."""

    arrival_id: str = Field(description="A7 (group buy), P45 (parcel), M3 (medicine)")
    destination: Destination
    registered_at: datetime
    disinfect_by: datetime


@event("arrival.refused", source="holding")
class ArrivalRefused(Outcome):
    """An arrival was not accepted into the gate area, and the guard is told what to do.

    reasons (params): groupbuy_required, boxes_required, destination_required (missing),
    groupbuy_unknown (groupbuy), groupbuy_refused (groupbuy, reason), vendor_not_approved
    (groupbuy, vendor), vendor_suspended (groupbuy, vendor, vendor_name, reason),
    already_registered (arrival), unknown_room (room: nobody on the roster lives there),
    wrong_role (role).
    guard_action: `turn_away` (the courier takes the goods back), `correct_and_retry`
    (register again with the missing or corrected details), `none` (nothing to do)."""

    kind: ArrivalKind
    groupbuy_ref: str | None = None
    reason: str
    params: dict[str, str] = Field(default_factory=dict)
    guard_action: GuardAction


# -- disinfection and hold ----------------------------------------------------------------------


@event("arrival.disinfected", source="holding")
class ArrivalDisinfected(Outcome):
    """Property staff disinfected an arrival: who (`by`), how (`method`), when (`at`);
    `late` when it was past its deadline. A `hold.started` follows in the same transaction."""

    arrival_id: str
    by: str
    method: str | None = None
    at: datetime
    late: bool = False


@event("disinfection.overdue", source="holding")
class DisinfectionOverdue(Payload):
    """Alert for property staff: an arrival was not disinfected by its deadline. Raised
    once per arrival; the arrival stays in the gate area until it is disinfected."""

    arrival_id: str
    destination: Destination
    registered_at: datetime
    disinfect_by: datetime
    overdue_since: datetime


@event("hold.started", source="holding")
class HoldStarted(Outcome):
    """An arrival rests after disinfection until `due_at` = disinfected_at + the hold of
    the zone level in force at disinfection (`zone`, `hold_hours`)."""

    arrival_id: str
    disinfected_at: datetime
    zone: ZoneLevel
    hold_hours: float
    due_at: datetime


@event("hold.extended", source="holding")
class HoldExtended(Outcome):
    """Property staff extended a hold by `hours` with a `reason`: `due_at` is later than
    `previous_due_at` (a hold is never shortened)."""

    arrival_id: str
    by: str
    hours: float
    reason: str
    previous_due_at: datetime
    due_at: datetime


@event("hold.released", source="holding")
class HoldReleased(Payload):
    """An arrival's hold is over: it may leave the gate area for delivery. Released once,
    at or after `due_at`. Carries all delivery needs: the `destination` (group buy, or
    building-room), boxes and note."""

    arrival_id: str
    destination: Destination
    registered_at: datetime
    disinfected_at: datetime
    due_at: datetime
    released_at: datetime


# -- zone level, refusals of other requests, status ---------------------------------------------


@event("zone.changed", source="holding")
class ZoneChanged(Outcome):
    """The committee set the compound's zone level; holds started from now on last
    `hold_hours` (holds already running keep theirs)."""

    level: ZoneLevel
    previous: ZoneLevel
    hold_hours: float
    by: str


@event("gate.request_refused", source="holding")
class GateRequestRefused(Outcome):
    """A disinfection, extension or zone request holding could not carry out.

    `request` is the intent answered (disinfection.requested, hold.extension_requested,
    zone.change_requested). reasons (params): unknown_arrival (ref),
    already_disinfected (arrival, at), not_disinfected (arrival), already_released
    (arrival), wrong_role (role)."""

    request: str
    reason: str
    params: dict[str, str] = Field(default_factory=dict)


class GateItem(Payload):
    arrival_id: str
    state: Literal["awaiting_disinfection", "held", "released"]
    destination: Destination
    due_at: datetime | None = None


@event("gate.status_reported", source="holding")
class GateStatusReported(Outcome):
    """An answer to `status.requested`: one arrival (`target` A7/P45/M3; `found` false if
    unknown), or the whole gate area (no target): the zone level, how many items are in
    each state, and the items still there, soonest due first (at most 20), as far as the
    asker may see them (`scope`: a resident only their household's). Notes are left out
    unless the asker is committee, property or guard (medicine notes are medical)."""

    target: str | None = None
    found: bool = True
    zone: ZoneLevel
    counts: dict[str, int] = Field(default_factory=dict)
    items: list[GateItem] = Field(default_factory=list)
    scope: str = Field(default="all", description="what the asker may see: all | building:<b> | "
                                                  "household:<b>/<room> | none (counts only for all)")
