"""Answering `status.requested` for what delivery holds: a portion (D12), a released
arrival (A7, P45, M3 once holding let it go), or what waits for the asker. Others' targets
(GB12, V3, or an arrival still at the gate) are theirs to answer: delivery stays silent."""

from __future__ import annotations

from shared.contracts.delivery import DeliveryStatusReported
from shared.contracts.envelope import Envelope
from shared.contracts.intake import Actor, StatusRequested
from shared.runtime.tx import Tx

from .db import items as db
from .db import proxies
from .domain import roles
from .domain.items import is_ours, normal_ref
from .replies import answer, rack_item, waiting_rooms

MAX_ITEMS = 20


def on_status(tx: Tx, intent: StatusRequested, _envelope: Envelope) -> None:
    if intent.target is None:
        return _what_waits(tx, intent)
    target = normal_ref(intent.target)
    if not is_ours(target):
        return
    item = db.item(tx.conn, target)
    rows = [item] if item else db.items_of_arrival(tx.conn, target)
    if not rows and target[0] != "D" and db.delivery(tx.conn, target) is None:
        return  # still at the gate, or unknown: holding answers
    visible = [r for r in rows if _may_see(tx, intent.actor, r)]
    tx.emit(DeliveryStatusReported(**answer(intent), target=target, found=bool(visible),
                                   items=[_status_item(tx, r) for r in visible]))


def _what_waits(tx: Tx, intent: StatusRequested) -> None:
    actor = intent.actor
    if roles.sees_everything(actor.role):
        rows = db.waiting(tx.conn, limit=MAX_ITEMS)
        counts = db.counts_by_state(tx.conn)
    elif actor.role == "building_admin" and actor.building:
        rows = db.waiting(tx.conn, building=actor.building, limit=MAX_ITEMS)
        counts = {}
    else:
        ids = db.items_for_households(tx.conn, _households(tx, actor))
        rows = db.waiting(tx.conn, ids=ids, limit=MAX_ITEMS) if ids else []
        counts = {}
    if not rows and not counts:
        return  # nothing of delivery's to say; holding and vetting answer a bare /status too
    tx.emit(DeliveryStatusReported(**answer(intent), counts=counts, items=[_status_item(tx, r) for r in rows]))


def _households(tx: Tx, actor: Actor) -> set[tuple[str, str]]:
    own = {(actor.building, actor.room)} if actor.building and actor.room else set()
    return own | set(proxies.households_of(tx.conn, actor.person_id))


def _may_see(tx: Tx, actor: Actor, item) -> bool:
    if roles.sees_everything(actor.role):
        return True
    if actor.role == "building_admin":
        return actor.building == item["building"]
    rooms = {h["room"] for h in db.handouts_of(tx.conn, item["item_id"])}
    return any(b == item["building"] and r in rooms for b, r in _households(tx, actor))


def _status_item(tx: Tx, item):
    return rack_item(item, len(waiting_rooms(db.handouts_of(tx.conn, item["item_id"]))))
