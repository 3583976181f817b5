"""delivery's handlers of intake's intents: racking, pickup and naming a proxy.

Each runs in the consumer's transaction; a refusal is an event, never an exception.
Dependencies (settings, metrics) are bound in `service.py`.
"""

from __future__ import annotations

from shared.contracts.delivery import (
    DeliveryRequestRefused, ItemPickedUp, PickupRefused, ProxyNamed, RackConfirmed,
)
from shared.contracts.envelope import Envelope
from shared.contracts.intake import Intent, PickupRequested, ProxyRequested, RackRequested
from shared.runtime.tx import Tx

from . import lookup, notices
from .db import items as db
from .db import people, proxies
from .domain import items as states
from .domain import roles
from .domain.items import Refusal, normal_ref
from .domain.pickup import Picker, PickupView, households_to_confirm
from .domain.plans import rack_of
from .metrics import DeliveryMetrics
from .replies import answer, waiting_rooms
from .settings import DeliverySettings
from .timers import REMINDER


def _refuse(tx: Tx, intent: Intent, request: str, target: str | None, refusal: Refusal) -> None:
    tx.emit(DeliveryRequestRefused(**answer(intent), request=request, target=target,
                                   reason=refusal.reason, params=refusal.params))


def on_rack(tx: Tx, intent: RackRequested, _envelope: Envelope, *, settings: DeliverySettings,
            metrics: DeliveryMetrics) -> None:
    """Put an item on its building's rack (or move it to another slot) and tell its people."""
    request, ref = "rack.requested", normal_ref(intent.item_ref)
    if not roles.may(intent.actor.role, request):
        return _refuse(tx, intent, request, ref, Refusal("wrong_role", {"role": intent.actor.role}))
    item = lookup.find(tx.conn, ref)
    if isinstance(item, Refusal):
        return _refuse(tx, intent, request, ref, item)
    refusal = states.rack_refusal(ref, item["state"], item["slot"], intent.slot)
    if refusal:
        return _refuse(tx, intent, request, ref, refusal)
    moved = item["state"] in states.ON_RACK
    if moved:
        db.change_item(tx.conn, ref, slot=intent.slot)
    else:
        db.change_item(tx.conn, ref, state=states.RACKED, slot=intent.slot, racked_by=intent.actor.person_id,
                       racked_at=tx.now)
        tx.schedule(REMINDER, ref, settings.schedule.due(tx.now, 0), {"step": 0})
        metrics.release_to_rack.observe((tx.now - item["released_at"]).total_seconds())
    item = db.item(tx.conn, ref)
    told = notices.racked(tx, item, moved=moved)
    tx.emit(RackConfirmed(**answer(intent), item_id=ref, kind=item["kind"], building=item["building"],
                          rack=rack_of(item["building"]), slot=item["slot"], moved=moved, notified=told))


def on_pickup(tx: Tx, intent: PickupRequested, _envelope: Envelope, *, metrics: DeliveryMetrics) -> None:
    """A resident, or a proxy their household named, took the household's part from the rack."""
    ref, actor = normal_ref(intent.item_ref), intent.actor
    if not roles.may(actor.role, "pickup.requested"):
        return _refuse_pickup(tx, intent, ref, Refusal("wrong_role", {"role": actor.role}))
    item = lookup.find(tx.conn, ref)
    if isinstance(item, Refusal):
        return _refuse_pickup(tx, intent, ref, item)
    handouts = db.handouts_of(tx.conn, ref)
    waiting = frozenset(waiting_rooms(handouts))
    view = PickupView(ref, item["state"], item["building"], waiting,
                      frozenset(h["room"] for h in handouts) - waiting)
    household = (actor.building, actor.room) if actor.building and actor.room else None
    chosen = households_to_confirm(view, Picker(household, proxies.households_of(tx.conn, actor.person_id)))
    if isinstance(chosen, Refusal):
        return _refuse_pickup(tx, intent, ref, _with_time(chosen, handouts))
    left = len(waiting) - len(chosen)
    for room, by_proxy in chosen:
        db.mark_picked(tx.conn, ref, room, by=actor.person_id, by_proxy=by_proxy, at=tx.now)
        metrics.rack_to_pickup.observe((tx.now - item["racked_at"]).total_seconds())
    if left == 0:
        db.change_item(tx.conn, ref, state=states.PICKED_UP, done_at=tx.now)
        tx.cancel(REMINDER, ref)
    for room, by_proxy in chosen:
        household_ids = [p["person_id"] for p in people.residents(tx.conn, item["building"], room)]
        tx.emit(ItemPickedUp(**answer(intent), item_id=ref, kind=item["kind"], building=item["building"],
                             room=room, picked_by=actor.person_id, by_proxy=by_proxy, picked_at=tx.now,
                             household=household_ids, waiting_households=left))


def _refuse_pickup(tx: Tx, intent: PickupRequested, ref: str, refusal: Refusal) -> None:
    tx.emit(PickupRefused(**answer(intent), item_ref=ref, reason=refusal.reason, params=refusal.params))


def _with_time(refusal: Refusal, handouts) -> Refusal:
    if refusal.reason != "already_picked_up":
        return refusal
    at = next((h["picked_at"] for h in handouts if h["room"] == refusal.params["room"]), None)
    return Refusal(refusal.reason, {**refusal.params, "at": at.isoformat() if at else ""})


def on_proxy(tx: Tx, intent: ProxyRequested, _envelope: Envelope) -> None:
    """A resident names someone from the roster who may pick up for their household."""
    request, actor, proxy_id = "proxy.requested", intent.actor, normal_ref(intent.proxy_person_id)
    refusal = _proxy_refusal(tx, intent, proxy_id)
    if refusal:
        return _refuse(tx, intent, request, proxy_id, refusal)
    proxy = people.get(tx.conn, proxy_id)
    proxies.name(tx.conn, building=actor.building, room=actor.room, proxy_id=proxy_id,
                 named_by=actor.person_id, at=tx.now)
    tx.emit(ProxyNamed(**answer(intent), proxy_id=proxy_id, proxy_name=proxy["name"],
                       proxy_language=proxy["language"], building=actor.building, room=actor.room))


def _proxy_refusal(tx: Tx, intent: ProxyRequested, proxy_id: str) -> Refusal | None:
    actor = intent.actor
    if not roles.may(actor.role, "proxy.requested"):
        return Refusal("wrong_role", {"role": actor.role})
    if not (actor.building and actor.room):
        return Refusal("no_household")
    if proxy_id == actor.person_id:
        return Refusal("self_proxy")
    proxy = people.get(tx.conn, proxy_id)
    if proxy is None:
        return Refusal("unknown_person", {"person": proxy_id})
    if not (proxy["building"] and proxy["room"]):  # only residents may confirm a pickup (intake's rule)
        return Refusal("proxy_not_resident", {"person": proxy_id, "role": proxy["role"]})
    return None
