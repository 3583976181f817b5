"""Events published by vetting: vendors, group buys, orders and order sheets.

Every refusal carries a `reason` code and `params` that notify turns into a clear reply;
every outcome of an intent carries the intent's `ChatRef` (`chat`) so the reply is threaded
and in the asker's language (`language`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field

from .intake import ChatRef, Language
from .registry import Payload, event


class Outcome(Payload):
    """Who to answer: the person and the chat message that asked (absent for timer-driven)."""

    person_id: str | None = None
    chat: ChatRef | None = None
    language: Language = "zh"


class Licence(Payload):
    kind: Literal["business", "food"]
    number: str
    expires_on: date


# -- vendors ----------------------------------------------------------------------------------


@event("vendor.registered", source="vetting")
class VendorRegistered(Outcome):
    """A vendor was recorded (V3) with its licences; approval follows or is pending."""

    vendor_id: str
    name: str
    licences: list[Licence]
    guaranteed: bool


@event("vendor.approved", source="vetting")
class VendorApproved(Outcome):
    """A vendor may supply group buys: by the committee, or by the guaranteed-supply policy."""

    vendor_id: str
    name: str
    by: Literal["committee", "policy"]


@event("vendor.refused", source="vetting")
class VendorRefused(Outcome):
    """A vendor registration or approval was refused (e.g. licence_expired, licence_missing)."""

    vendor_id: str | None = None
    name: str
    reason: str
    params: dict[str, str] = Field(default_factory=dict)


@event("vendor.suspended", source="vetting")
class VendorSuspended(Outcome):
    """A vendor's licence expired: no new group buys; its open ones' leaders are warned."""

    vendor_id: str
    name: str
    reason: str
    licence_kind: str
    expired_on: date
    open_groupbuys: list[str] = Field(default_factory=list)


# -- group buys --------------------------------------------------------------------------------


class Item(Payload):
    name: str
    name_en: str | None = None
    category: str
    price: Decimal
    min_qty: int | None = None


@event("groupbuy.proposed", source="vetting")
class GroupBuyProposed(Outcome):
    """A group buy (GB12) was proposed and awaits the committee (or policy)."""

    groupbuy_id: str
    vendor_id: str
    leader_id: str
    deadline: datetime
    items: list[Item]


@event("groupbuy.refused", source="vetting")
class GroupBuyRefused(Outcome):
    """A proposal was refused: non_essential (params: item, category), vendor_not_approved,
    vendor_suspended, rejected_by_committee (params: reason), deadline_passed, ..."""

    groupbuy_id: str | None = None
    reason: str
    params: dict[str, str] = Field(default_factory=dict)
    leader_id: str | None = Field(default=None, description="the proposer, to tell when the "
                                  "committee (not the proposer) is the one answered")


@event("groupbuy.approved", source="vetting")
class GroupBuyApproved(Outcome):
    """The committee (or policy) approved a group buy."""

    groupbuy_id: str
    by: Literal["committee", "policy"]
    leader_id: str | None = None


@event("groupbuy.opened", source="vetting")
class GroupBuyOpened(Outcome):
    """A group buy takes orders until its deadline."""

    groupbuy_id: str
    vendor_id: str
    vendor_name: str
    leader_id: str
    deadline: datetime
    items: list[Item]


@event("groupbuy.closed", source="vetting")
class GroupBuyClosed(Outcome):
    """A group buy stopped taking orders (by its leader or at its deadline)."""

    groupbuy_id: str
    vendor_id: str
    leader_id: str
    by: Literal["leader", "deadline"]
    dropped_items: list[str] = Field(default_factory=list)


@event("groupbuy.warned", source="vetting")
class GroupBuyWarned(Outcome):
    """The leader of an open group buy is warned (e.g. vendor_suspended)."""

    groupbuy_id: str
    leader_id: str
    reason: str
    params: dict[str, str] = Field(default_factory=dict)


# -- orders ----------------------------------------------------------------------------------


@event("order.accepted", source="vetting")
class OrderAccepted(Outcome):
    """A household's order line is set (new or changed): `qty` is the new quantity,
    `previous_qty` what it was (0: a new line), and `remaining_to_min` how far the item is
    from its minimum (0 when reached)."""

    groupbuy_id: str
    item: str
    qty: int
    building: str
    room: str
    remaining_to_min: int = 0
    previous_qty: int = 0
    item_en: str | None = None


@event("order.refused", source="vetting")
class OrderRefused(Outcome):
    """An order was refused: groupbuy_not_open, unknown_item, item_required (params: items),
    ambiguous_item (params: item, items: the candidates), which_groupbuy (params: groupbuys),
    not_your_household (params: room), ..."""

    groupbuy_id: str | None = None
    reason: str
    params: dict[str, str] = Field(default_factory=dict)


@event("order.cancelled", source="vetting")
class OrderCancelled(Outcome):
    """A household's order lines were withdrawn, or dropped because an item missed its
    minimum at close (`reason` = missed_minimum)."""

    groupbuy_id: str
    building: str
    room: str
    items: list[str]
    reason: Literal["by_household", "missed_minimum"]


class SheetLine(Payload):
    building: str
    room: str
    item: str
    qty: int


class SheetTotal(Payload):
    item: str
    qty: int
    price: Decimal


@event("sheet.issued", source="vetting")
class SheetIssued(Payload):
    """The order sheet at close: every accepted line per building and room, and totals per
    item. Delivery splits a group buy's arrival into building portions from it."""

    groupbuy_id: str
    vendor_id: str
    vendor_name: str
    lines: list[SheetLine]
    totals: list[SheetTotal]


@event("request.refused", source="vetting")
class RequestRefused(Outcome):
    """A request vetting cannot act on, that is no verdict on a vendor, buy or order:
    not_allowed (params: role), unknown_target, unknown_vendor, unknown_groupbuy (params:
    target), already_approved / already_refused / already_suspended / already_decided
    (params: status), groupbuy_not_open (params: status)."""

    request: str = Field(description="the intent's event type, e.g. decision.requested")
    target: str | None = None
    reason: str
    params: dict[str, str] = Field(default_factory=dict)


class ItemProgress(Payload):
    """One item of a group buy and how far it is from its minimum (0 = no minimum)."""

    name: str
    category: str
    price: Decimal
    ordered: int
    name_en: str | None = None
    min_qty: int = 0
    remaining_to_min: int = 0


class OrderedQuantity(Payload):
    """A quantity ordered: of a building (room None) or of one room."""

    building: str
    room: str | None = None
    item: str
    qty: int


@event("status.reported", source="vetting")
class VettingStatusReported(Outcome):
    """An answer to `status.requested` on a vendor or group buy, as the asker may see it.

    Vendor: `name`, `licences`, `open_groupbuys`. Group buy: `vendor_id`, `deadline`, `items`
    with their progress, and by `scope` (`all`, `building:<b>`, `household:<b>/<room>`, `none`)
    the `totals` per building and the `lines` per room the asker may see. `details` repeats
    these facts as flat text pairs (the first form of this event, kept for its readers)."""

    target: str
    status: str
    details: dict[str, str] = Field(default_factory=dict)
    name: str | None = None
    licences: list[Licence] = Field(default_factory=list)
    open_groupbuys: list[str] = Field(default_factory=list)
    vendor_id: str | None = None
    deadline: datetime | None = None
    items: list[ItemProgress] = Field(default_factory=list)
    scope: str | None = None
    totals: list[OrderedQuantity] = Field(default_factory=list)
    lines: list[OrderedQuantity] = Field(default_factory=list)
