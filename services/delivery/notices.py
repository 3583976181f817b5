"""Notices to the people an item concerns: one event per person to tell — each resident
of the household and each proxy it named; when nobody is known for a household, one event
without a person so notify can post to the building's group instead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, RowMapping

from shared.contracts.delivery import ItemEscalated, ItemRacked, ReminderDue
from shared.runtime.tx import Tx

from .db import items as db
from .db import people, proxies
from .domain.plans import rack_of
from .domain.reminders import Step, waiting_hours
from .replies import handout_lines, public_note, waiting_handouts


@dataclass(frozen=True)
class Recipient:
    person_id: str | None
    language: str
    as_proxy: bool = False


def recipients(conn: Connection, building: str, room: str) -> list[Recipient]:
    household = people.residents(conn, building, room)
    found = [Recipient(p["person_id"], p["language"]) for p in household]
    members = {p["person_id"] for p in household}
    found += [Recipient(p["person_id"], p["language"], True)
              for p in proxies.of_household(conn, building, room) if p["person_id"] not in members]
    return found or [Recipient(None, "zh")]


def _per_household(tx: Tx, item: RowMapping):
    for handout in waiting_handouts(tx.conn, item["item_id"]):
        lines = handout_lines(db.lines_of(handout))
        for person in recipients(tx.conn, item["building"], handout["room"]):
            yield handout["room"], lines, person


def racked(tx: Tx, item: RowMapping, *, moved: bool) -> int:
    """Tell everyone still waiting for this item that it is on the rack; how many told."""
    told = 0
    for room, lines, person in _per_household(tx, item):
        tx.emit(ItemRacked(
            person_id=person.person_id, language=person.language, as_proxy=person.as_proxy,
            item_id=item["item_id"], kind=item["kind"], building=item["building"], room=room,
            rack=rack_of(item["building"]), slot=item["slot"], racked_at=item["racked_at"], lines=lines,
            groupbuy_id=item["groupbuy_id"], vendor_name=item["vendor_name"], note=public_note(item), moved=moved))
        told += 1
    return told


def reminded(tx: Tx, item: RowMapping, step: Step) -> int:
    told = 0
    for room, lines, person in _per_household(tx, item):
        tx.emit(ReminderDue(
            person_id=person.person_id, language=person.language, as_proxy=person.as_proxy,
            item_id=item["item_id"], kind=item["kind"], building=item["building"], room=room,
            rack=rack_of(item["building"]), slot=item["slot"], racked_at=item["racked_at"],
            waiting_hours=waiting_hours(item["racked_at"], tx.now), number=step.number, lines=lines))
        told += 1
    return told


def escalated(tx: Tx, item: RowMapping, now: datetime) -> int:
    """Tell the building's admins (or, with none on the roster, the committee)."""
    rooms = [h["room"] for h in waiting_handouts(tx.conn, item["item_id"])]
    admins = people.admins(tx.conn, item["building"])
    targets = [(a["person_id"], a["language"], False) for a in admins] or [(None, "zh", True)]
    for person_id, language, to_committee in targets:
        tx.emit(ItemEscalated(
            person_id=person_id, language=language, to_committee=to_committee,
            item_id=item["item_id"], kind=item["kind"], building=item["building"], rack=rack_of(item["building"]),
            slot=item["slot"], racked_at=item["racked_at"], waiting_hours=waiting_hours(item["racked_at"], now),
            rooms=rooms))
    return len(targets)
