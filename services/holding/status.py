"""Answering `status.requested` for what holding owns: an arrival (A7, P45, M3) or the
gate area as a whole. Targets of other services (GB12, V3) are theirs to answer."""

from __future__ import annotations

import re

from shared.contracts.envelope import Envelope
from shared.contracts.holding import GateStatusReported
from shared.contracts.intake import StatusRequested
from shared.runtime.tx import Tx

from . import queries
from .domain import roles
from .domain.arrivals import normal_ref
from .replies import answer, gate_item
from .settings import HoldingSettings

ARRIVAL_ID = re.compile(r"^[APM]\d+$")
MAX_ITEMS = 20


def on_status(tx: Tx, intent: StatusRequested, _envelope: Envelope, *, settings: HoldingSettings) -> None:
    target = normal_ref(intent.target) if intent.target else None
    if target is not None and not ARRIVAL_ID.match(target):
        return
    zone = queries.zone(tx.conn, settings.initial_zone)
    notes = roles.sees_notes(intent.actor.role)
    if target is None:
        rows = queries.in_gate_area(tx.conn, limit=MAX_ITEMS)
        tx.emit(GateStatusReported(**answer(intent), zone=zone, counts=queries.counts_by_state(tx.conn),
                                   items=[gate_item(r, with_note=notes) for r in rows]))
        return
    row = queries.arrival(tx.conn, target)
    items = [gate_item(row, with_note=notes)] if row else []
    tx.emit(GateStatusReported(**answer(intent), target=target, found=row is not None, zone=zone, items=items))
