"""Upstream events as intake, vetting and holding would publish them, for delivery's tests."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from shared.contracts import holding, intake, vetting

_messages = itertools.count(1)

# The roster of the tests: two households in building 3, one in building 5, an admin, staff.
PEOPLE = {
    "R1": ("resident", "3", "101"), "R2": ("resident", "3", "101"), "R3": ("resident", "3", "102"),
    "R4": ("resident", "5", "201"), "R8": ("building_admin", "3", None), "R9": ("property", None, None),
    "R7": ("volunteer", None, None),
}


def roster() -> list[intake.PersonRegistered]:
    return [intake.PersonRegistered(person_id=pid, name=f"person {pid}", role=role, building=b, room=r,
                                    language="en" if pid == "R2" else "zh")
            for pid, (role, b, r) in PEOPLE.items()]


def actor(person: str) -> intake.Actor:
    role, building, room = PEOPLE.get(person, ("resident", "9", "999"))
    return intake.Actor(person_id=person, role=role, building=building, room=room,
                        language="en" if person == "R2" else "zh")


def chat() -> intake.ChatRef:
    return intake.ChatRef(platform="term", chat_id="c1", chat_type="direct", sender_id="s1",
                          message_id=f"m{next(_messages)}")


def rack(ref: str, slot: str | None = None, by: str = "R9") -> intake.RackRequested:
    return intake.RackRequested(actor=actor(by), chat=chat(), item_ref=ref, slot=slot)


def picked(ref: str, by: str) -> intake.PickupRequested:
    return intake.PickupRequested(actor=actor(by), chat=chat(), item_ref=ref)


def proxy(by: str, proxy_id: str) -> intake.ProxyRequested:
    return intake.ProxyRequested(actor=actor(by), chat=chat(), proxy_person_id=proxy_id)


def status(by: str, target: str | None = None) -> intake.StatusRequested:
    return intake.StatusRequested(actor=actor(by), chat=chat(), target=target)


def released(arrival_id: str, at: datetime, *, kind: str = "parcel", groupbuy: str | None = None,
             building: str | None = "3", room: str | None = "101", note: str | None = None) -> holding.HoldReleased:
    dest = holding.Destination(kind=kind, groupbuy_id=groupbuy, vendor_id="V1" if groupbuy else None,
                               building=None if groupbuy else building, room=None if groupbuy else room,
                               boxes=4 if groupbuy else None, note=note)
    return holding.HoldReleased(arrival_id=arrival_id, destination=dest, registered_at=at - timedelta(hours=3),
                                disinfected_at=at - timedelta(hours=2), due_at=at, released_at=at)


def sheet(groupbuy_id: str, lines: list[tuple[str, str, str, int]]) -> vetting.SheetIssued:
    sheet_lines = [vetting.SheetLine(building=b, room=r, item=i, qty=q) for b, r, i, q in lines]
    totals: dict[str, int] = {}
    for _, _, item, qty in lines:
        totals[item] = totals.get(item, 0) + qty
    return vetting.SheetIssued(groupbuy_id=groupbuy_id, vendor_id="V1", vendor_name="Fresh Co", lines=sheet_lines,
                               totals=[vetting.SheetTotal(item=i, qty=q, price="10") for i, q in totals.items()])
