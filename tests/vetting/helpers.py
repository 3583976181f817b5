"""Building intake's intents and running vetting over the session's real NATS."""

from __future__ import annotations

import itertools
import weakref
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from nats.js.api import AckPolicy, ConsumerConfig

from shared.contracts.envelope import Envelope
from shared.contracts.intake import (Actor, ChatRef, DecisionRequested, GroupBuyCloseRequested,
                                     GroupBuyProposalRequested, ItemIn, LicenceIn, OrderCancelRequested,
                                     OrderLineIn, OrderRequested, OrderRequestedV1, StatusRequested,
                                     VendorRegistrationRequested)
from shared.runtime.clock import FixedClock
from services.vetting.service import definition
from services.vetting.settings import VettingSettings
from tests.support.services import publish_event, running
from tests.support.waiting import eventually

NOW = datetime(2022, 4, 10, 8, 0, tzinfo=timezone.utc)  # 16:00 in Shanghai
LATER = NOW + timedelta(days=1)
VALID = date(2023, 1, 1)
_messages = itertools.count(1)


def actor(person: str, role: str = "resident", building: str | None = None, room: str | None = None,
          language: str = "zh") -> Actor:
    return Actor(person_id=person, role=role, building=building, room=room, language=language)


def chat(message_id: str | None = None, revision: int = 0, sender: str = "u") -> ChatRef:
    return ChatRef(platform="terminal", chat_id="c1", chat_type="direct", sender_id=sender,
                   message_id=message_id or f"m{next(_messages)}", revision=revision)


LEADER = actor("leader1", "group_leader")
COMMITTEE = actor("com1", "committee")


def licences(business: date | None = VALID, food: date | None = VALID) -> list[LicenceIn]:
    found = []
    if business:
        found.append(LicenceIn(kind="business", number="91310000MA1", expires_on=business))
    if food:
        found.append(LicenceIn(kind="food", number="JY13100000001", expires_on=food))
    return found


def register(who: Actor = COMMITTEE, name: str = "Fresh Co", guaranteed: bool = True,
             licence_list: list[LicenceIn] | None = None, message_id: str | None = None):
    return VendorRegistrationRequested(actor=who, chat=chat(message_id), name=name, guaranteed=guaranteed,
                                       licences=licences() if licence_list is None else licence_list)


def item(name: str = "rice", category: str = "grain_oil", price: str = "45.00", min_qty: int | None = None):
    return ItemIn(name=name, category=category, price=Decimal(price), min_qty=min_qty)


def propose(vendor: str, items: list[ItemIn] | None = None, who: Actor = LEADER,
            deadline: datetime = LATER, message_id: str | None = None):
    return GroupBuyProposalRequested(actor=who, chat=chat(message_id), vendor_ref=vendor, deadline=deadline,
                                     items=items or [item()])


def decide(target: str, decision: str = "approve", who: Actor = COMMITTEE, reason: str | None = None,
           message_id: str | None = None):
    return DecisionRequested(actor=who, chat=chat(message_id), target=target, decision=decision, reason=reason)


def household(building: str, room: str, person: str | None = None, role: str = "resident") -> Actor:
    return actor(person or f"p{building}-{room}", role, building, room)


def order(who: Actor, ref: str, qty: int, item_name: str | None = None, message_id: str | None = None,
          revision: int = 0):
    return OrderRequested(actor=who, chat=chat(message_id, revision, sender=who.person_id),
                          groupbuy_ref=ref, lines=[OrderLineIn(qty=qty, item=item_name)])


def order_v1(who: Actor, ref: str, qty: int, item_name: str | None = None, message_id: str | None = None):
    """An order in its first form, as it may still be on the streams from before version 2."""
    return OrderRequestedV1(actor=who, chat=chat(message_id, sender=who.person_id), groupbuy_ref=ref,
                            qty=qty, item=item_name)


def cancel(who: Actor, ref: str, message_id: str | None = None):
    return OrderCancelRequested(actor=who, chat=chat(message_id), groupbuy_ref=ref)


def close(ref: str, who: Actor = LEADER, message_id: str | None = None):
    return GroupBuyCloseRequested(actor=who, chat=chat(message_id), groupbuy_ref=ref)


def status(target: str, who: Actor, message_id: str | None = None):
    return StatusRequested(actor=who, chat=chat(message_id), target=target)


def vetting_settings(settings_for, **overrides) -> VettingSettings:
    return VettingSettings(**{**settings_for().model_dump(), **overrides})


@asynccontextmanager
async def vetting(js, settings: VettingSettings, clock: FixedClock | None = None):
    """vetting in this process, on a clock that moves only when the test says so."""
    async with running(definition(settings), settings, js, clock=clock or FixedClock(NOW)) as runtime:
        yield runtime


async def send(js, *intents) -> None:
    for intent in intents:
        await publish_event(js, intent)


class EventReader:
    """vetting's events read once each, in order, by an ephemeral consumer (no acks):
    polling the whole stream again on every check would cost seconds with 800 households."""

    def __init__(self, js):
        self.js = js
        self.subscription = None
        self.events: list[Envelope] = []

    async def read(self) -> list[Envelope]:
        if self.subscription is None:
            self.subscription = await self.js.pull_subscribe(
                "lm.*.vetting.>", stream="LM_VETTING",
                config=ConsumerConfig(ack_policy=AckPolicy.NONE, inactive_threshold=30))
        while True:
            try:
                batch = await self.subscription.fetch(1000, timeout=0.05)
            except TimeoutError:
                return self.events
            self.events += [Envelope.model_validate_json(m.data) for m in batch]


_readers: "weakref.WeakKeyDictionary[object, EventReader]" = weakref.WeakKeyDictionary()


async def vetting_events(js, event_type: str | None = None) -> list[Envelope]:
    """Every event vetting published so far in this test (optionally of one type), in order."""
    reader = _readers.setdefault(js, EventReader(js))
    return [e for e in await reader.read() if event_type is None or e.type == event_type]


async def emitted(js, event_type: str, count: int = 1, **match) -> list[Envelope]:
    """Wait until vetting published at least `count` events of a type whose data match."""
    async def check():
        found = [e for e in await vetting_events(js, event_type)
                 if all(e.data.get(k) == v for k, v in match.items())]
        return found if len(found) >= count else None

    return await eventually(check, what=f"{count} × {event_type} {match or ''}")


async def answer_to(js, intent, event_type: str) -> dict:
    """The data of the event that answered this intent (matched by its chat message)."""
    found = await emitted(js, event_type, chat=intent.chat.model_dump(mode="json"))
    return found[-1].data


async def intents_handled(js, published: int) -> bool:
    """Every intent published so far was handled and acknowledged by vetting."""
    info = await js.consumer_info("LM_INTAKE", "vetting-intents")
    return info.delivered.stream_seq >= published and info.num_pending == 0 and info.num_ack_pending == 0


async def open_buy(js, items: list[ItemIn] | None = None, who: Actor = LEADER) -> str:
    """A guaranteed vendor (auto-approved) and a buy from it (opened by policy): its id."""
    vendor = register(name=f"Vendor {next(_messages)}")
    await send(js, vendor)
    vendor_id = (await answer_to(js, vendor, "vendor.approved"))["vendor_id"]
    proposal = propose(vendor_id, items, who=who)
    await send(js, proposal)
    return (await answer_to(js, proposal, "groupbuy.approved"))["groupbuy_id"]
