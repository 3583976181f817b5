"""Answering `status.requested` on what medicine owns (MR12, HR3), and on a bare `/status`
the queue for those who triage or run it and a household's own requests (a building admin:
the building's). Whoever may not see a request learns nothing, not even that it exists."""

from __future__ import annotations

import re

from sqlalchemy import RowMapping

from shared.contracts.envelope import Envelope
from shared.contracts.intake import StatusRequested
from shared.contracts.medicine import MedicineStatusReported, RequestView
from shared.runtime.tx import Tx

from ..db import requests as store
from ..db import runs
from ..domain.visibility import RequestFacts, Viewer, sees_details, sees_queue, sees_request, sees_run
from .context import Medicine, answer, viewer

OURS = re.compile(r"^(MR|HR)\d+$")
MOST_URGENT = 20


def on_status(tx: Tx, intent: StatusRequested, _envelope: Envelope, *, medicine: Medicine) -> None:
    target = intent.target.upper() if intent.target else None
    who = viewer(intent)
    if target is None:
        rows = store.most_urgent(tx.conn, MOST_URGENT) if who.role == "committee" else _own(tx, who)
        if sees_queue(who):
            tx.emit(MedicineStatusReported(**answer(intent), queue=store.queue_counts(tx.conn),
                                           requests=[_view(tx, medicine, r, who) for r in rows]))
        elif rows:  # a household's own requests (a building admin: the building's); else silence
            tx.emit(MedicineStatusReported(**answer(intent), requests=[_view(tx, medicine, r, who) for r in rows]))
        return
    if not OURS.match(target):
        return
    rows = _request_rows(tx, target, who) if target.startswith("MR") else _run_rows(tx, target, who)
    tx.emit(MedicineStatusReported(**answer(intent), target=target, found=rows is not None,
                                   requests=[_view(tx, medicine, r, who) for r in rows or []]))


def _own(tx: Tx, who: Viewer) -> list[RowMapping]:
    """What a bare `/status` shows besides the queue: a building admin their building's
    requests, anyone with a home their household's (ids and states; details to the requester)."""
    if who.role == "building_admin" and who.building:
        return store.active_of(tx.conn, who.building, None, MOST_URGENT)
    if who.building and who.room:
        return store.active_of(tx.conn, who.building, who.room, MOST_URGENT)
    return []


def _request_rows(tx: Tx, target: str, who: Viewer) -> list[RowMapping] | None:
    row = store.get(tx.conn, target)
    return [row] if row is not None and sees_request(who, _facts(tx, row)) else None


def _run_rows(tx: Tx, target: str, who: Viewer) -> list[RowMapping] | None:
    run = runs.get(tx.conn, target)
    return store.of_run(tx.conn, target) if run is not None and sees_run(who, run["volunteer_id"]) else None


def _facts(tx: Tx, row: RowMapping) -> RequestFacts:
    run = runs.get(tx.conn, row["run_id"]) if row["run_id"] else None
    return RequestFacts(row["requester_id"], row["building"], row["room"], run["volunteer_id"] if run else None)


def _view(tx: Tx, medicine: Medicine, row: RowMapping, who: Viewer) -> RequestView:
    shown = {}
    if sees_details(who, _facts(tx, row)):
        open_ = medicine.cipher.open
        shown = {"drug": open_(row["drug_sealed"]), "dose": open_(row["dose_sealed"]),
                 "note": open_(row["note_sealed"]), "substitute": open_(row["substitute_sealed"])}
    return RequestView(request_id=row["request_id"], state=row["state"], urgency=row["urgency"],
                       hospital=row["hospital"], building=row["building"], room=row["room"],
                       run_id=row["run_id"], arrival_id=row["arrival_id"], **shown)
