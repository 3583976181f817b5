"""holding's handlers of intake's intents: load state, ask the domain, save, emit.

Each runs in the consumer's transaction; a refusal is an event, never an exception.
Dependencies (settings) are bound in `service.py`.
"""

from __future__ import annotations

from datetime import timedelta

from shared.contracts.envelope import Envelope
from shared.contracts.medicine import MedicineHandedOff
from shared.contracts.holding import (
    ArrivalDisinfected, ArrivalRefused, ArrivalRegistered, GateRequestRefused, HoldExtended,
    HoldStarted, ZoneChanged,
)
from shared.contracts.intake import (
    ArrivalRequested, DisinfectionRequested, HoldExtensionRequested, Intent, ZoneChangeRequested,
)
from shared.runtime.tx import Tx

from . import queries, roster
from .domain import arrivals as rules
from .domain import gate, holds, roles
from .replies import answer, destination
from .settings import HoldingSettings
from .timers import DEADLINE, RELEASE



def _refuse_request(tx: Tx, intent: Intent, request: str, reason: str, params: dict[str, str]) -> None:
    tx.emit(GateRequestRefused(**answer(intent), request=request, reason=reason, params=params))


def _wrong_role(tx: Tx, intent: Intent, request: str) -> bool:
    if roles.may(intent.actor.role, request):
        return False
    _refuse_request(tx, intent, request, "wrong_role", {"role": intent.actor.role})
    return True


def on_arrival(tx: Tx, intent: ArrivalRequested, _envelope: Envelope, *, settings: HoldingSettings) -> None:
    """Register what reached the gate, or refuse it and tell the guard what to do."""
    ref = rules.normal_ref(intent.groupbuy_ref) if intent.groupbuy_ref else None
    refusal = _arrival_refusal(tx, intent, ref)
    if refusal:
        queries.record_refusal(tx.conn, kind=intent.kind, groupbuy_ref=ref, reason=refusal.reason,
                               params=refusal.params, by=intent.actor.person_id, at=tx.now)
        tx.emit(ArrivalRefused(**answer(intent), kind=intent.kind, groupbuy_ref=ref, reason=refusal.reason,
                               params=refusal.params, guard_action=refusal.guard_action))
        return
    vendor_id = queries.groupbuy(tx.conn, ref).vendor_id if ref else None
    arrival_id, row = _register(tx, settings, kind=intent.kind, groupbuy_id=ref, vendor_id=vendor_id,
                                boxes=intent.boxes, building=intent.building, room=intent.room, note=intent.note,
                                message_key=intent.chat.message_key, registered_by=intent.actor.person_id)
    tx.emit(ArrivalRegistered(**answer(intent), arrival_id=arrival_id, destination=destination(row),
                              registered_at=tx.now, disinfect_by=row["disinfect_by"]))


def on_medicine_handoff(tx: Tx, event: MedicineHandedOff, _envelope: Envelope, *, settings: HoldingSettings) -> None:
    """A medicine run's bought item handed in at the gate: an arrival (M3) for the household,
    linked to its request (`medicine:MR12` is its message key, so it registers once); then
    disinfected, held and released like any parcel. No note: medical details stay in medicine."""
    key = f"medicine:{event.request_id}"
    if queries.arrival_by_message(tx.conn, key) is not None:
        return
    arrival_id, row = _register(tx, settings, kind="medicine", groupbuy_id=None, vendor_id=None, boxes=None,
                                building=event.building, room=event.room, note=None, message_key=key,
                                registered_by=event.by)
    where = destination(row).model_copy(update={"request_id": event.request_id})
    tx.emit(ArrivalRegistered(arrival_id=arrival_id, destination=where, registered_at=tx.now,
                              disinfect_by=row["disinfect_by"]))


def _register(tx: Tx, settings: HoldingSettings, **values):
    """Record an arrival in the gate area and start its disinfection deadline."""
    arrival_id = queries.next_id(tx.conn, rules.id_prefix(values["kind"]))
    disinfect_by = tx.now + timedelta(minutes=settings.disinfection_deadline_minutes)
    queries.add_arrival(tx.conn, arrival_id=arrival_id, state=gate.AWAITING, registered_at=tx.now,
                        disinfect_by=disinfect_by, **values)
    tx.schedule(DEADLINE, arrival_id, disinfect_by)
    return arrival_id, queries.arrival(tx.conn, arrival_id)


def _arrival_refusal(tx: Tx, intent: ArrivalRequested, ref: str | None) -> rules.Refusal | None:
    if not roles.may(intent.actor.role, "arrival.requested"):
        return rules.Refusal("wrong_role", {"role": intent.actor.role}, "none")
    earlier = queries.arrival_by_message(tx.conn, intent.chat.message_key)
    if earlier is not None:  # an edit of a message that already registered an arrival
        return rules.Refusal("already_registered", {"arrival": earlier["arrival_id"]}, "none")
    request = rules.ArrivalRequest(intent.kind, ref, intent.boxes, intent.building, intent.room)
    missing = rules.missing_details(request)
    if missing:
        return missing
    if ref is None:
        if intent.building and intent.room and roster.unknown_room(tx.conn, intent.building, intent.room):
            return rules.Refusal("unknown_room", {"room": f"{intent.building}-{intent.room}"}, "correct_and_retry")
        return None
    groupbuy = queries.groupbuy(tx.conn, ref)
    return rules.groupbuy_refusal(ref, groupbuy, queries.vendor(tx.conn, groupbuy and groupbuy.vendor_id))


def on_disinfection(tx: Tx, intent: DisinfectionRequested, _envelope: Envelope, *,
                    settings: HoldingSettings) -> None:
    """Record the disinfection and start the hold for the zone level now in force."""
    request = "disinfection.requested"
    if _wrong_role(tx, intent, request):
        return
    arrival_id = rules.normal_ref(intent.arrival_ref)
    row = queries.arrival(tx.conn, arrival_id)
    if row is None:
        return _refuse_request(tx, intent, request, "unknown_arrival", {"ref": intent.arrival_ref})
    blocked = gate.disinfection_blocked(arrival_id, row["state"], row["disinfected_at"])
    if blocked:
        return _refuse_request(tx, intent, request, blocked.reason, blocked.params)
    zone = queries.zone(tx.conn, settings.initial_zone)
    hours = settings.hold_policy.hours(zone)
    due = holds.due_at(tx.now, hours)
    queries.change_arrival(tx.conn, arrival_id, state=gate.HELD, disinfected_by=intent.actor.person_id,
                           disinfected_at=tx.now, method=intent.method, zone=zone, hold_hours=hours, due_at=due)
    tx.cancel(DEADLINE, arrival_id)
    tx.schedule(RELEASE, arrival_id, due)
    tx.emit(ArrivalDisinfected(**answer(intent), arrival_id=arrival_id, by=intent.actor.person_id,
                               method=intent.method, at=tx.now, late=gate.is_late(tx.now, row["disinfect_by"])))
    tx.emit(HoldStarted(**answer(intent), arrival_id=arrival_id, disinfected_at=tx.now, zone=zone,
                        hold_hours=hours, due_at=due))


def on_extension(tx: Tx, intent: HoldExtensionRequested, _envelope: Envelope) -> None:
    """Move a running hold's due time later (never earlier)."""
    request = "hold.extension_requested"
    if _wrong_role(tx, intent, request):
        return
    arrival_id = rules.normal_ref(intent.arrival_ref)
    row = queries.arrival(tx.conn, arrival_id)
    if row is None:
        return _refuse_request(tx, intent, request, "unknown_arrival", {"ref": intent.arrival_ref})
    blocked = gate.extension_blocked(arrival_id, row["state"])
    if blocked:
        return _refuse_request(tx, intent, request, blocked.reason, blocked.params)
    due = holds.extended(row["due_at"], intent.hours)
    queries.add_extension(tx.conn, arrival_id=arrival_id, by=intent.actor.person_id, hours=intent.hours,
                          reason=intent.reason, previous_due_at=row["due_at"], due_at=due, at=tx.now)
    queries.change_arrival(tx.conn, arrival_id, due_at=due)
    tx.schedule(RELEASE, arrival_id, due)
    tx.emit(HoldExtended(**answer(intent), arrival_id=arrival_id, by=intent.actor.person_id,
                         hours=intent.hours, reason=intent.reason, previous_due_at=row["due_at"], due_at=due))


def on_zone_change(tx: Tx, intent: ZoneChangeRequested, _envelope: Envelope, *,
                   settings: HoldingSettings) -> None:
    """Set the zone level for holds started from now on."""
    request = "zone.change_requested"
    if _wrong_role(tx, intent, request):
        return
    previous = queries.zone(tx.conn, settings.initial_zone)
    queries.set_zone(tx.conn, intent.level)
    tx.emit(ZoneChanged(**answer(intent), level=intent.level, previous=previous,
                        hold_hours=settings.hold_policy.hours(intent.level), by=intent.actor.person_id))
