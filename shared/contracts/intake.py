"""Events published by intake: who is who, and what people asked for (intents).

An intent is a request, not a decision: the owning service decides and publishes the
outcome (e.g. `order.requested` → vetting's `order.accepted` / `order.refused`). Every
intent carries the `Actor` who asked (with the role intake checked) and the `ChatRef` of
the message, so notify can thread its reply and use the person's language.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field

from .chat import MAX_REVISION
from .keys import STORED_KEY_LIMIT, bounded_key
from .registry import Payload, event

Role = Literal["resident", "building_admin", "group_leader", "committee", "property", "guard", "volunteer"]
Language = Literal["zh", "en"]
ROLES: tuple[str, ...] = Role.__args__  # type: ignore[attr-defined]


class Actor(Payload):
    """A person from the roster, as intake knows them when they write. `role` is the role
    intake checked for this command (one of `roles`); `building` and `room` are the person's
    home, except for a building admin's command, where `building` is the building they serve
    (and `room` their home's only when they live in it)."""

    person_id: str
    role: Role
    building: str | None = None
    room: str | None = None
    language: Language = "zh"
    roles: list[Role] = Field(default_factory=list, description="every role the person has; empty: just `role`")


class ChatRef(Payload):
    """The chat message an intent came from: where to reply, and what an edit replaces."""

    platform: str
    chat_id: str
    chat_type: Literal["direct", "group"]
    sender_id: str
    message_id: str
    revision: int = Field(default=0, ge=0, le=MAX_REVISION)

    @property
    def message_key(self) -> str:
        """Same for every revision of one message: an edit replaces what it asked for."""
        return bounded_key(f"{self.platform}:{self.chat_id}:{self.message_id}", STORED_KEY_LIMIT)


class Intent(Payload):
    actor: Actor
    chat: ChatRef


# -- who is who ---------------------------------------------------------------------------


@event("person.registered", source="intake")
class PersonRegistered(Payload):
    """A person from the imported roster (a new import of the same person updates them).
    `building` and `room` are their home (a building admin without a home: the building
    only); anyone with a home is a resident of it. `roles` lists every role (empty from an
    older intake: just `role`, which stays the main job for consumers that know one role)."""

    person_id: str
    name: str
    role: Role
    building: str | None = None
    room: str | None = None
    language: Language = "zh"
    roles: list[Role] = Field(default_factory=list)
    admin_building: str | None = Field(default=None, description="the building a building admin serves")

    def all_roles(self) -> list[str]:
        return list(self.roles) or [self.role]

    def building_for(self, role: str) -> str | None:
        """Where a role applies: a building admin's building, else the home's."""
        return (self.admin_building or self.building) if role == "building_admin" else self.building


@event("identity.bound", source="intake")
class IdentityBound(Payload):
    """A chat identity (platform + sender) now speaks for a roster person; `chat_id` is
    the direct chat to reach them privately, when the binding came from one."""

    person_id: str
    platform: str
    sender_id: str
    direct_chat_id: str | None = None
    language: Language
    chat: ChatRef


@event("message.rejected", source="intake")
class MessageRejected(Payload):
    """A chat message intake could not turn into an intent: unparsable, unknown, not
    allowed, or from someone not bound yet. Carries what notify needs for a clear reply
    in the person's language."""

    chat: ChatRef
    language: Language
    person_id: str | None = None
    reason: str = Field(description="unknown_command | bad_arguments | wrong_role | not_bound | "
                                    "bad_code | code_used | code_expired | bind_locked | "
                                    "edit_not_supported | text_too_long | rate_limited | unknown_person | "
                                    "ambiguous_person")
    params: dict[str, str] = Field(default_factory=dict)


@event("help.requested", source="intake")
class HelpRequested(Payload):
    """Someone asked for help, on everything or one command; notify answers in their language."""

    chat: ChatRef
    language: Language
    role: Role | None = None
    topic: str | None = None
    roles: list[Role] = Field(default_factory=list, description="every role of the asker; empty: just `role`")


# -- vetting --------------------------------------------------------------------------------


class LicenceIn(Payload):
    kind: Literal["business", "food"]
    number: str
    expires_on: date


@event("vendor.registration_requested", source="intake")
class VendorRegistrationRequested(Intent):
    """A group leader or the committee registers a vendor with its licences."""

    name: str
    licences: list[LicenceIn]
    guaranteed: bool = False


class ItemIn(Payload):
    name: str
    name_en: str | None = Field(default=None, description="the leader's English name (`青菜/greens 5`)")
    category: str
    price: Decimal
    min_qty: int | None = None


@event("groupbuy.proposal_requested", source="intake")
class GroupBuyProposalRequested(Intent):
    """A group leader proposes a group buy from a vendor, open until `deadline`."""

    vendor_ref: str
    deadline: datetime
    items: list[ItemIn]


@event("decision.requested", source="intake")
class DecisionRequested(Intent):
    """The committee approves or rejects a vendor (V3) or a group buy (GB12)."""

    target: str
    decision: Literal["approve", "reject"]
    reason: str | None = None


@event("order.requested", source="intake")
class OrderRequestedV1(Intent):
    """The first form of an order (one line, the buy named): kept so vetting reads what is
    already on the streams; intake now sends version 2."""

    groupbuy_ref: str
    qty: int = Field(ge=0)
    item: str | None = None


class OrderLineIn(Payload):
    """One line of an order as the person wrote it: the item by its name or a part of it
    (Chinese or English, folded to simplified characters and half-width forms), or by its
    number in the buy's list (`2号`), or neither (the buy's only item); for the writer's own
    household unless a room was written before it (`3-502 青菜2`). 0 withdraws the line."""

    qty: int = Field(ge=0)
    item: str | None = Field(default=None, max_length=128)
    number: int | None = Field(default=None, ge=1, le=999)
    building: str | None = Field(default=None, max_length=8)
    room: str | None = Field(default=None, max_length=8)


@event("order.requested", source="intake", version=2)
class OrderRequested(Intent):
    """A household orders from a group buy, one line or several (the new lines of a copied
    接龙 list: `copied_list`). No `groupbuy_ref`: the buy the compound has open (vetting asks
    which when that is not clear). Vetting resolves the items. An edit of the chat message
    sends this again with a higher revision: it replaces what the message set."""

    groupbuy_ref: str | None = None
    lines: list[OrderLineIn] = Field(min_length=1, max_length=50)
    copied_list: bool = False


@event("order.cancel_requested", source="intake")
class OrderCancelRequested(Intent):
    """A household withdraws its orders from a group buy."""

    groupbuy_ref: str


@event("groupbuy.close_requested", source="intake")
class GroupBuyCloseRequested(Intent):
    """The leader closes a group buy before its deadline."""

    groupbuy_ref: str


# -- holding --------------------------------------------------------------------------------


@event("arrival.requested", source="intake")
class ArrivalRequested(Intent):
    """A guard registers what reached the gate: a group buy's delivery or a parcel."""

    kind: Literal["groupbuy", "parcel", "medicine"]
    groupbuy_ref: str | None = None
    boxes: int | None = Field(default=None, ge=1)
    building: str | None = None
    room: str | None = None
    note: str | None = None


@event("disinfection.requested", source="intake")
class DisinfectionRequested(Intent):
    """Property staff report an arrival disinfected."""

    arrival_ref: str
    method: str | None = None


@event("zone.change_requested", source="intake")
class ZoneChangeRequested(Intent):
    """The committee sets the compound's zone level (applies to new holds)."""

    level: Literal["sealed", "controlled", "precaution"]


@event("hold.extension_requested", source="intake")
class HoldExtensionRequested(Intent):
    """Property staff extend a hold; nobody can shorten one."""

    arrival_ref: str
    hours: float = Field(gt=0, le=72)
    reason: str


# -- delivery -------------------------------------------------------------------------------


@event("rack.requested", source="intake")
class RackRequested(Intent):
    """Property or a volunteer put an item (A7, P45, or a building portion) on its rack."""

    item_ref: str
    slot: str | None = None


@event("pickup.requested", source="intake")
class PickupRequested(Intent):
    """A resident (or their named proxy) confirms they took an item from the rack."""

    item_ref: str


@event("proxy.requested", source="intake")
class ProxyRequested(Intent):
    """A resident names a household member or neighbour who may pick up for them."""

    proxy_person_id: str


# -- medicine -------------------------------------------------------------------------------
# medical: `medicine.requested` (drug, dose, note) and `medicine.outcome_requested`
# (substitute, reason) carry medical details; medicine is their only consumer.


@event("medicine.requested", source="intake")
class MedicineRequested(Intent):
    """A resident (or a building admin for a household of their building: `building`, `room`)
    asks for a drug from the hospital where it is normally prescribed, with the days of supply
    left, the urgency they state (4 routine if none) and whether a vulnerable person needs it."""

    hospital: str = Field(min_length=1, max_length=64)
    drug: str = Field(min_length=1, max_length=200)
    dose: str = Field(min_length=1, max_length=200)
    days_left: int = Field(ge=0, le=365)
    urgency: int = Field(default=4, ge=1, le=4)
    vulnerable: bool = False
    note: str | None = Field(default=None, max_length=500)
    building: str | None = None
    room: str | None = None


@event("medicine.urgency_change_requested", source="intake")
class MedicineUrgencyChangeRequested(Intent):
    """The committee sets a request's urgency (1 life-threatening … 4 routine), with a reason."""

    request_ref: str
    urgency: int = Field(ge=1, le=4)
    reason: str = Field(min_length=1, max_length=500)


@event("medicine.run_requested", source="intake")
class MedicineRunRequested(Intent):
    """A volunteer claims a run to one hospital: its most urgent queued requests, at most `size`."""

    hospital: str = Field(min_length=1, max_length=64)
    size: int | None = Field(default=None, ge=1, le=50)


@event("medicine.outcome_requested", source="intake")
class MedicineOutcomeRequested(Intent):
    """The volunteer on the run reports one request: bought, a substitute proposed (what, and
    the doctor's note in `reason`), or unavailable (`reason`)."""

    request_ref: str
    outcome: Literal["bought", "substitute", "unavailable"]
    substitute: str | None = Field(default=None, max_length=200)
    reason: str | None = Field(default=None, max_length=500)


@event("medicine.substitute_answer_requested", source="intake")
class MedicineSubstituteAnswerRequested(Intent):
    """The requester answers a proposed substitute: yes (buy it) or no."""

    request_ref: str
    accept: bool


@event("medicine.handoff_requested", source="intake")
class MedicineHandoffRequested(Intent):
    """The volunteer hands a run's bought medicine in at the gate."""

    run_ref: str


# -- notify and everyone ----------------------------------------------------------------------


@event("announcement.requested", source="intake")
class AnnouncementRequested(Intent):
    """The committee announces to every building group, or one building's."""

    audience: str = Field(description="'all' or a building")
    text: str


@event("groupchat.registration_requested", source="intake")
class GroupChatRegistrationRequested(Intent):
    """The committee registers the group chat it writes from as a building's (or all)."""

    audience: str


@event("bulletin.addition_requested", source="intake")
class BulletinAdditionRequested(Intent):
    """The committee adds a line of its own to today's bulletin."""

    text: str


@event("status.requested", source="intake")
class StatusRequested(Intent):
    """Someone asks where things stand, on one id (GB12, A7, P45, V3) or in general;
    the service owning the id answers with what the asker's role may see."""

    target: str | None = None
