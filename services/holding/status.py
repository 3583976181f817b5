"""Answering `status.requested` for what holding owns: an arrival (A7, P45, M3) until it is
released, or the gate area as the asker may see it (domain/visibility). A released arrival
is delivery's to answer (on the rack, picked up): holding stays silent, so `/status P3` is
answered once. Targets of other services (GB12, V3) are theirs to answer."""

from __future__ import annotations

import re

from shared.contracts.envelope import Envelope
from shared.contracts.holding import GateStatusReported
from shared.contracts.intake import StatusRequested
from shared.runtime.tx import Tx

from . import queries
from .domain import roles, visibility
from .domain.arrivals import normal_ref
from .replies import answer, gate_item
from .settings import HoldingSettings

ARRIVAL_ID = re.compile(r"^[APM]\d+$")
MAX_ITEMS = 20


def on_status(tx: Tx, intent: StatusRequested, _envelope: Envelope, *, settings: HoldingSettings) -> None:
    target = normal_ref(intent.target) if intent.target else None
    if target is not None and not ARRIVAL_ID.match(target):
        return
    row = queries.arrival(tx.conn, target) if target else None
    if row is not None and row["state"] == "released":
        return  # delivery has it now, and answers
    zone = queries.zone(tx.conn, settings.initial_zone)
    notes = roles.sees_notes(intent.actor.role)
    scope = visibility.scope_of(intent.actor)
    if target is None:
        rows = [r for r in queries.in_gate_area(tx.conn) if scope.sees(r["kind"], r["building"], r["room"])]
        counts = queries.counts_by_state(tx.conn) if scope.name == "all" else {}
        tx.emit(GateStatusReported(**answer(intent), zone=zone, counts=counts, scope=scope.name,
                                   items=[gate_item(r, with_note=notes) for r in rows[:MAX_ITEMS]]))
        return
    if row is not None and not scope.sees(row["kind"], row["building"], row["room"]):
        row = None  # not theirs: as if there were no such arrival
    items = [gate_item(row, with_note=notes)] if row else []
    tx.emit(GateStatusReported(**answer(intent), target=target, found=row is not None, zone=zone, items=items,
                               scope=scope.name))
