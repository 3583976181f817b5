"""A request joins the queue; the committee changes its urgency."""

from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.intake import MedicineRequested, MedicineUrgencyChangeRequested
from shared.contracts.medicine import MedicineRequestAccepted, MedicineUrgencyChanged
from shared.runtime.counters import next_number
from shared.runtime.tx import Tx

from ..db import people
from ..db import requests as store
from ..domain import triage
from ..domain.requests import QUEUED
from ..tables import urgency_changes
from .context import Medicine, answer, refuse, requester

REQUESTED, URGENCY = "medicine.requested", "medicine.urgency_change_requested"


def _household(tx: Tx, intent: MedicineRequested) -> tuple[str, str] | None:
    """The household the request is for, or None after refusing it."""
    actor = intent.actor
    if actor.role == "resident":
        if not (actor.building and actor.room):
            return refuse(tx, intent, REQUESTED, "no_household")
        if intent.room and (intent.building, intent.room) != (actor.building, actor.room):
            return refuse(tx, intent, REQUESTED, "not_your_room", {"room": f"{intent.building}-{intent.room}"})
        return actor.building, actor.room
    if actor.role != "building_admin":
        return refuse(tx, intent, REQUESTED, "wrong_role", {"role": actor.role})
    if not (intent.building and intent.room):
        return refuse(tx, intent, REQUESTED, "room_required")
    if intent.building != actor.building:
        return refuse(tx, intent, REQUESTED, "not_your_building", {"building": intent.building})
    if not people.household_known(tx.conn, intent.building, intent.room):
        return refuse(tx, intent, REQUESTED, "unknown_room", {"room": f"{intent.building}-{intent.room}"})
    return intent.building, intent.room


def on_request(tx: Tx, intent: MedicineRequested, _envelope: Envelope, *, medicine: Medicine) -> None:
    """A resident's request (or an admin's for a household of their building) joins the queue."""
    household = _household(tx, intent)
    if household is None:
        return
    building, room = household
    number = next_number(tx.conn, "MR")
    request_id = f"MR{number}"
    level = triage.urgency(intent.urgency, intent.days_left, intent.vulnerable)
    key = triage.hospital_key(intent.hospital)
    seal = medicine.cipher.seal
    store.add(tx.conn, request_id=request_id, number=number, building=building, room=room,
              requester_id=intent.actor.person_id, requester_language=intent.actor.language,
              on_behalf=intent.actor.role == "building_admin", hospital=intent.hospital.strip(),
              hospital_key=key, drug_sealed=seal(intent.drug), dose_sealed=seal(intent.dose),
              note_sealed=seal(intent.note), days_left=intent.days_left, vulnerable=intent.vulnerable,
              stated_urgency=intent.urgency, urgency=level, state=QUEUED, runs=0, bought_substitute=False,
              requested_at=tx.now, changed_at=tx.now)
    tx.emit(MedicineRequestAccepted(
        **answer(intent), request_id=request_id, building=building, room=room, hospital=intent.hospital.strip(),
        drug=intent.drug, dose=intent.dose, days_left=intent.days_left, vulnerable=intent.vulnerable,
        note=intent.note, urgency=level, position=triage.position(store.queued(tx.conn, key), request_id),
        on_behalf=intent.actor.role == "building_admin"))


def on_urgency(tx: Tx, intent: MedicineUrgencyChangeRequested, _envelope: Envelope, *,
               medicine: Medicine) -> None:
    """The committee raises or lowers a request's urgency, with a reason (kept, sealed)."""
    ref = intent.request_ref
    if intent.actor.role != "committee":
        return refuse(tx, intent, URGENCY, "wrong_role", {"role": intent.actor.role}, ref)
    row = store.get(tx.conn, ref)
    if row is None:
        return refuse(tx, intent, URGENCY, "unknown_request", {"ref": ref}, ref)
    if row["state"] != QUEUED:
        return refuse(tx, intent, URGENCY, "not_queued", {"ref": ref, "state": row["state"]}, ref)
    if row["urgency"] == intent.urgency:
        return refuse(tx, intent, URGENCY, "same_urgency", {"ref": ref, "urgency": str(intent.urgency)}, ref)
    store.change(tx.conn, ref, urgency=intent.urgency, changed_at=tx.now)
    tx.conn.execute(urgency_changes.insert().values(
        request_id=ref, previous=row["urgency"], urgency=intent.urgency,
        reason_sealed=medicine.cipher.seal(intent.reason), by=intent.actor.person_id, at=tx.now))
    tx.emit(MedicineUrgencyChanged(**answer(intent), **requester(row), request_id=ref, previous=row["urgency"],
                                   urgency=intent.urgency, reason=intent.reason, by=intent.actor.person_id))
