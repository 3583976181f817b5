"""Intents and vetting events as intake and vetting would publish them, for holding's tests."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

from shared.contracts import intake, vetting

_messages = itertools.count(1)
DEADLINE = datetime(2030, 1, 1, tzinfo=timezone.utc)


def actor(role: str = "guard", person: str | None = None, language: str = "zh") -> intake.Actor:
    return intake.Actor(person_id=person or f"p-{role}", role=role, language=language)


def chat(message_id: str | None = None) -> intake.ChatRef:
    return intake.ChatRef(platform="term", chat_id="gate", chat_type="group", sender_id="s1",
                          message_id=message_id or f"m{next(_messages)}")


def arrival(kind: str = "groupbuy", *, groupbuy: str | None = "GB1", boxes: int | None = 3,
            building: str | None = None, room: str | None = None, role: str = "guard",
            note: str | None = None, message_id: str | None = None) -> intake.ArrivalRequested:
    return intake.ArrivalRequested(actor=actor(role), chat=chat(message_id), kind=kind, groupbuy_ref=groupbuy,
                                   boxes=boxes, building=building, room=room, note=note)


def parcel(building: str = "7", room: str = "302", note: str | None = "SF express") -> intake.ArrivalRequested:
    return arrival("parcel", groupbuy=None, boxes=None, building=building, room=room, note=note)


def disinfect(arrival_ref: str, role: str = "property", method: str = "spray") -> intake.DisinfectionRequested:
    return intake.DisinfectionRequested(actor=actor(role), chat=chat(), arrival_ref=arrival_ref, method=method)


def extend(arrival_ref: str, hours: float = 1, reason: str = "leaking box",
           role: str = "property") -> intake.HoldExtensionRequested:
    return intake.HoldExtensionRequested(actor=actor(role), chat=chat(), arrival_ref=arrival_ref,
                                         hours=hours, reason=reason)


def zone(level: str, role: str = "committee") -> intake.ZoneChangeRequested:
    return intake.ZoneChangeRequested(actor=actor(role), chat=chat(), level=level)


def status(target: str | None = None, role: str = "resident", home: tuple[str, str] | None = None
           ) -> intake.StatusRequested:
    who = actor(role).model_copy(update={"building": home[0], "room": home[1]} if home else {})
    return intake.StatusRequested(actor=who, chat=chat(), target=target)


def vendor_approved(vendor_id: str = "V1") -> vetting.VendorApproved:
    return vetting.VendorApproved(vendor_id=vendor_id, name=f"vendor {vendor_id}", by="committee")


def vendor_suspended(vendor_id: str = "V1") -> vetting.VendorSuspended:
    return vetting.VendorSuspended(vendor_id=vendor_id, name=f"vendor {vendor_id}", reason="licence_expired",
                                   licence_kind="food", expired_on=DEADLINE.date() - timedelta(days=3000))


def groupbuy_opened(groupbuy_id: str = "GB1", vendor_id: str = "V1") -> vetting.GroupBuyOpened:
    return vetting.GroupBuyOpened(groupbuy_id=groupbuy_id, vendor_id=vendor_id, vendor_name=f"vendor {vendor_id}",
                                  leader_id="p-leader", deadline=DEADLINE, items=[])


def groupbuy_closed(groupbuy_id: str = "GB1", vendor_id: str = "V1") -> vetting.GroupBuyClosed:
    return vetting.GroupBuyClosed(groupbuy_id=groupbuy_id, vendor_id=vendor_id, leader_id="p-leader", by="leader")


def groupbuy_refused(groupbuy_id: str = "GB9") -> vetting.GroupBuyRefused:
    return vetting.GroupBuyRefused(groupbuy_id=groupbuy_id, reason="non_essential",
                                   params={"item": "cola", "category": "drinks"})
