"""holding's handlers of intake's intents: load state, ask the domain, save, emit.

Each runs in the consumer's transaction; a refusal is an event, never an exception.
Dependencies (settings) are bound in `service.py`.
"""

from __future__ import annotations

from datetime import timedelta

from shared.contracts.envelope import Envelope
from shared.contracts.holding import (
    ArrivalDisinfected, ArrivalRefused, ArrivalRegistered, GateRequestRefused, HoldExtended,
    HoldStarted, ZoneChanged,
)
from shared.contracts.intake import (
    ArrivalRequested, DisinfectionRequested, HoldExtensionRequested, Intent, ZoneChangeRequested,
)
from shared.runtime.tx import Tx

from . import queries
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
    arrival_id = queries.next_id(tx.conn, rules.id_prefix(intent.kind))
    vendor_id = queries.groupbuy(tx.conn, ref).vendor_id if ref else None
    disinfect_by = tx.now + timedelta(minutes=settings.disinfection_deadline_minutes)
    queries.add_arrival(
        tx.conn, arrival_id=arrival_id, kind=intent.kind, groupbuy_id=ref, vendor_id=vendor_id,
        boxes=intent.boxes, building=intent.building, room=intent.room, note=intent.note,
        state=gate.AWAITING, message_key=intent.chat.message_key, registered_by=intent.actor.person_id,
        registered_at=tx.now, disinfect_by=disinfect_by,
    )
    tx.schedule(DEADLINE, arrival_id, disinfect_by)
    row = queries.arrival(tx.conn, arrival_id)
    tx.emit(ArrivalRegistered(**answer(intent), arrival_id=arrival_id, destination=destination(row),
                              registered_at=tx.now, disinfect_by=disinfect_by))


def _arrival_refusal(tx: Tx, intent: ArrivalRequested, ref: str | None) -> rules.Refusal | None:
    if not roles.may(intent.actor.role, "arrival.requested"):
        return rules.Refusal("wrong_role", {"role": intent.actor.role}, "none")
    earlier = queries.arrival_by_message(tx.conn, intent.chat.message_key)
    if earlier is not None:  # an edit of a message that already registered an arrival
        return rules.Refusal("already_registered", {"arrival": earlier["arrival_id"]}, "none")
    request = rules.ArrivalRequest(intent.kind, ref, intent.boxes, intent.building, intent.room)
    missing = rules.missing_details(request)
    if missing or ref is None:
        return missing
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
