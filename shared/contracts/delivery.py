"""Events published by delivery: the last 100 metres, from the gate to each building's rack
and into the resident's hands.

Item ids: a parcel or medicine keeps its arrival id (`P45`, `M3`); a group buy's delivery
(`A7`) is split by its order sheet into one **portion per building**, each with its own id
`D12` (D for delivery portion; intake reads ids as letters + digits, so `A7-3` could not be
typed). There is one rack per building, named by the building (`rack` = `3`).

Answers to an intent (`rack.confirmed`, `item.picked_up`, `pickup.refused`, `proxy.named`,
`delivery.request_refused`, `delivery.status_reported`) carry the asker's `person_id`, the
intent's `ChatRef` (`chat`) and `language`. Notices (`item.racked`, `reminder.due`,
`item.escalated`) are one event per person to tell: `person_id` and `language` are that
person's, `chat` is empty; `person_id` is empty only when nobody is known for the household,
so notify can fall back to the building's group chat. Medicine notes never leave delivery
(they may hold medical details). Times are delivery's clock (injectable).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from .registry import Payload, event
from .vetting import Outcome  # the shared "who to answer" fields, same meaning everywhere

ItemKind = Literal["parcel", "medicine", "portion"]
ItemState = Literal["planned", "racked", "escalated", "picked_up"]


class HandoutLine(Payload):
    """One item of a group buy a household ordered (from the order sheet)."""

    item: str
    qty: int


class RoomHandout(Payload):
    """What the building admin hands to one household (room) from a portion."""

    room: str
    lines: list[HandoutLine]


class DeliveryTask(Payload):
    """One thing to carry from the gate to one building's rack."""

    item_id: str = Field(description="P45 / M3 (parcel, medicine) or D12 (a group buy's building portion)")
    kind: ItemKind
    building: str
    rack: str
    room: str | None = Field(default=None, description="parcel and medicine: the household's room")
    handouts: list[RoomHandout] = Field(default_factory=list, description="portion: per room, from the sheet")
    totals: list[HandoutLine] = Field(default_factory=list, description="portion: per item, for the building")


# -- planning ------------------------------------------------------------------------------------


@event("delivery.planned", source="delivery")
class DeliveryPlanned(Payload):
    """A released arrival became delivery tasks: a parcel or medicine one task for its
    building-room; a group buy's delivery one portion per building, split exactly by its
    order sheet (`sheet.issued`), each with its hand-out list per room.

    Tell: property staff and volunteers (what to carry to which rack), and each task's
    building admin (their building's hand-out list)."""

    arrival_id: str
    kind: Literal["parcel", "medicine", "groupbuy"]
    groupbuy_id: str | None = None
    vendor_name: str | None = None
    boxes: int | None = None
    released_at: datetime
    tasks: list[DeliveryTask]


@event("delivery.awaiting_sheet", source="delivery")
class DeliveryAwaitingSheet(Payload):
    """A group buy's delivery was released before delivery received its order sheet: it is
    kept, and planned the moment `sheet.issued` arrives (no hand-out lists until then).

    Tell: property staff and the committee (the goods are ready at the gate, the split is not)."""

    arrival_id: str
    groupbuy_id: str
    released_at: datetime


@event("delivery.held_back", source="delivery")
class DeliveryHeldBack(Payload):
    """A second delivery of a group buy whose sheet was already handed out with an earlier
    arrival (`reason` = groupbuy_already_planned, params: groupbuy, earlier_arrival): it is
    not split again (that would double every household's lines); people decide by hand.

    Tell: property staff and the committee."""

    arrival_id: str
    groupbuy_id: str
    reason: str
    params: dict[str, str] = Field(default_factory=dict)


# -- racking ------------------------------------------------------------------------------------


@event("rack.confirmed", source="delivery")
class RackConfirmed(Outcome):
    """Answer to `/racked`: the item is on its building's rack (`slot` if given); `moved`
    when it was already there and only its slot changed. `notified` = how many notices
    (`item.racked`) went out. Tell: the property staff or volunteer who racked it."""

    item_id: str
    kind: ItemKind
    building: str
    rack: str
    slot: str | None = None
    moved: bool = False
    notified: int


@event("item.racked", source="delivery")
class ItemRacked(Outcome):
    """Arrival notice: an item for this person's household is on its building's rack, since
    `racked_at`, at `slot` if given. One event per person to tell: each resident of the
    household (and each proxy they named, `as_proxy`); for a portion, per household with a
    line in it, `lines` = what that household takes. `moved`: it was already racked and is
    now at another slot. Tell: `person_id` (or, when empty, the building's group chat)."""

    item_id: str
    kind: ItemKind
    building: str
    room: str
    rack: str
    slot: str | None = None
    racked_at: datetime
    lines: list[HandoutLine] = Field(default_factory=list)
    groupbuy_id: str | None = None
    vendor_name: str | None = None
    note: str | None = Field(default=None, description="parcels only; medicine notes stay private")
    as_proxy: bool = False
    moved: bool = False


@event("delivery.request_refused", source="delivery")
class DeliveryRequestRefused(Outcome):
    """A `/racked` or `/proxy` delivery could not carry out. `request` is the intent
    (rack.requested, proxy.requested). reasons (params):
    unknown_item (ref), portion_required (ref, portions: `D3@3 D4@5`, the building
    portions of a group buy's delivery), not_planned_yet (ref: a group buy waiting for its
    sheet), already_racked (item, slot), already_picked_up (item), wrong_role (role),
    no_household (the asker has no building and room), unknown_person (person),
    self_proxy, proxy_not_resident (person, role). Tell: the asker."""

    request: str
    target: str | None = None
    reason: str
    params: dict[str, str] = Field(default_factory=dict)


# -- pickup ---------------------------------------------------------------------------------------


@event("item.picked_up", source="delivery")
class ItemPickedUp(Outcome):
    """A household's item was taken from the rack: the whole parcel, or the household's
    line of a portion. `picked_by` is the person who confirmed (`by_proxy` when a proxy
    named by the household); `household` lists the household's residents, to tell when a
    proxy took it. `waiting_households` = households of the portion still to come (0: the
    item is done and its reminders stop). Tell: the asker; with `by_proxy`, the household."""

    item_id: str
    kind: ItemKind
    building: str
    room: str
    picked_by: str
    by_proxy: bool = False
    picked_at: datetime
    household: list[str] = Field(default_factory=list)
    waiting_households: int = 0


@event("pickup.refused", source="delivery")
class PickupRefused(Outcome):
    """A `/picked` that was not accepted. reasons (params): unknown_item (ref),
    not_planned_yet (ref), portion_required (ref, portions), not_on_rack (item: planned, not carried yet),
    already_picked_up (item, room, at), not_recipient (item: the asker is neither of the
    household nor a proxy it named), wrong_role (role). Tell: the asker."""

    item_ref: str
    reason: str
    params: dict[str, str] = Field(default_factory=dict)


@event("proxy.named", source="delivery")
class ProxyNamed(Outcome):
    """A resident named a proxy: `proxy_id` may from now on pick up for the household
    (`building`, `room`), including items already on the rack, until further notice.
    Tell: the asker (answer) and the proxy (`proxy_id`, in `proxy_language`)."""

    proxy_id: str
    proxy_name: str
    proxy_language: Literal["zh", "en"] = "zh"
    building: str
    room: str


# -- reminders --------------------------------------------------------------------------------


@event("reminder.due", source="delivery")
class ReminderDue(Outcome):
    """Reminder `number` (1, 2, …) for an item still on the rack `waiting_hours` after it was
    racked. One event per person to tell, as for `item.racked`: each resident of each
    household that has not picked up yet, and the proxies they named."""

    item_id: str
    kind: ItemKind
    building: str
    room: str
    rack: str
    slot: str | None = None
    racked_at: datetime
    waiting_hours: float
    number: int
    lines: list[HandoutLine] = Field(default_factory=list)
    as_proxy: bool = False


@event("item.escalated", source="delivery")
class ItemEscalated(Outcome):
    """An item is still on the rack after every reminder: escalated to the building admin
    (one event per admin, `person_id`); `rooms` are the households that did not pick up.
    `to_committee` when the building has no admin in the roster (tell the committee)."""

    item_id: str
    kind: ItemKind
    building: str
    rack: str
    slot: str | None = None
    racked_at: datetime
    waiting_hours: float
    rooms: list[str]
    to_committee: bool = False


# -- status -------------------------------------------------------------------------------------


class RackItem(Payload):
    item_id: str
    kind: ItemKind
    building: str
    room: str | None = None
    state: ItemState
    slot: str | None = None
    racked_at: datetime | None = None
    waiting_households: int = 0


@event("delivery.status_reported", source="delivery")
class DeliveryStatusReported(Outcome):
    """Answer to `status.requested` on what delivery holds: one item (`target` D12, or a
    released P45/M3/A7; `found` false if unknown or not the asker's to see), or, without a
    target, what waits: a resident their household's items (and those they are proxy for),
    a building admin their building's, staff and the committee the whole compound (counts
    per state and the oldest 20). Tell: the asker."""

    target: str | None = None
    found: bool = True
    counts: dict[str, int] = Field(default_factory=dict)
    items: list[RackItem] = Field(default_factory=list)
