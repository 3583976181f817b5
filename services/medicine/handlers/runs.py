"""Runs: a volunteer claims a hospital's most urgent requests, reports each one's outcome,
and hands the bought medicine in at the gate."""

from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.intake import MedicineHandoffRequested, MedicineOutcomeRequested, MedicineRunRequested
from shared.contracts.medicine import (MedicineBought, MedicineHandedOff, MedicineHandoffConfirmed,
                                       MedicineRunClaimed, MedicineSubstituteProposed, MedicineUnavailable, RunItem)
from shared.runtime.counters import next_id
from shared.runtime.tx import Tx

from ..db import requests as store
from ..db import runs, tallies
from ..domain import triage
from ..domain.requests import BOUGHT, HANDED_OFF, IN_RUN, PROPOSED, UNAVAILABLE, outcome_blocked, run_finished
from .context import Medicine, answer, refuse, requester

RUN, OUTCOME, HANDOFF = "medicine.run_requested", "medicine.outcome_requested", "medicine.handoff_requested"
SUBSTITUTE_TIMER = "substitute.answer"


def _elsewhere(tx: Tx) -> str:
    counts = store.queue_counts(tx.conn)
    return " ".join(f"{name}×{sum(levels.values())}" for name, levels in sorted(counts.items()))


def on_run(tx: Tx, intent: MedicineRunRequested, _envelope: Envelope, *, medicine: Medicine) -> None:
    """Claim the most urgent queued requests for one hospital (urgency, then waiting time)."""
    if intent.actor.role != "volunteer":
        return refuse(tx, intent, RUN, "wrong_role", {"role": intent.actor.role})
    key = triage.hospital_key(intent.hospital)
    queued = store.queued(tx.conn, key)
    chosen = triage.next_for_run(queued, intent.size or medicine.run_size)
    if not chosen:
        return refuse(tx, intent, RUN, "nothing_queued", {"hospital": intent.hospital, "waiting": _elsewhere(tx)})
    run_id = next_id(tx.conn, "HR")
    volunteer = intent.actor.person_id
    runs.add(tx.conn, run_id=run_id, hospital=intent.hospital.strip(), volunteer_id=volunteer, state=runs.OPEN,
             claimed_at=tx.now)
    items, open_ = [], medicine.cipher.open
    for item in chosen:
        row = store.get(tx.conn, item.request_id)
        store.change(tx.conn, item.request_id, state=IN_RUN, run_id=run_id, runs=row["runs"] + 1, changed_at=tx.now)
        items.append(RunItem(request_id=item.request_id, urgency=row["urgency"], drug=open_(row["drug_sealed"]),
                             dose=open_(row["dose_sealed"]), note=open_(row["note_sealed"]), **requester(row)))
    tx.emit(MedicineRunClaimed(**answer(intent), run_id=run_id, hospital=intent.hospital.strip(),
                               volunteer_id=volunteer, items=items, left_in_queue=len(queued) - len(chosen)))


def _run_request(tx: Tx, intent: MedicineOutcomeRequested):
    """The request and its run, if the asker is the volunteer holding it (else refuse)."""
    ref = intent.request_ref
    if intent.actor.role != "volunteer":
        return refuse(tx, intent, OUTCOME, "wrong_role", {"role": intent.actor.role}, ref)
    row = store.get(tx.conn, ref)
    if row is None:
        return refuse(tx, intent, OUTCOME, "unknown_request", {"ref": ref}, ref)
    run = runs.get(tx.conn, row["run_id"]) if row["run_id"] else None
    if run is None or run["volunteer_id"] != intent.actor.person_id:
        return refuse(tx, intent, OUTCOME, "not_your_run", {"ref": ref}, ref)
    blocked = outcome_blocked(ref, row["state"], intent.outcome)
    if blocked:
        return refuse(tx, intent, OUTCOME, blocked.reason, blocked.params, ref)
    return row


def on_outcome(tx: Tx, intent: MedicineOutcomeRequested, _envelope: Envelope, *, medicine: Medicine) -> None:
    """Bought, a substitute to confirm with the requester, or unavailable (with the reason)."""
    row = _run_request(tx, intent)
    if row is None:
        return
    ref, run_id, seal = row["request_id"], row["run_id"], medicine.cipher.seal
    if intent.outcome == "bought":
        substitute = row["state"] != IN_RUN  # only a confirmed substitute gets here otherwise
        store.change(tx.conn, ref, state=BOUGHT, bought_substitute=substitute, changed_at=tx.now)
        tx.emit(MedicineBought(**answer(intent), **requester(row), request_id=ref, run_id=run_id,
                               substitute=substitute))
    elif intent.outcome == "substitute":
        answer_by = tx.now + medicine.answer_within
        store.change(tx.conn, ref, state=PROPOSED, substitute_sealed=seal(intent.substitute),
                     substitute_note_sealed=seal(intent.reason), answer_by=answer_by, changed_at=tx.now)
        tallies.bump(tx.conn, "substitutes_proposed")
        tx.schedule(SUBSTITUTE_TIMER, ref, answer_by)
        tx.emit(MedicineSubstituteProposed(
            **answer(intent), **requester(row), request_id=ref, run_id=run_id,
            drug=medicine.cipher.open(row["drug_sealed"]), substitute=intent.substitute or "",
            note=intent.reason, answer_by=answer_by))
    else:
        store.change(tx.conn, ref, state=UNAVAILABLE, unavailable_sealed=seal(intent.reason), changed_at=tx.now)
        tx.emit(MedicineUnavailable(**answer(intent), **requester(row), request_id=ref, run_id=run_id,
                                    reason=intent.reason or ""))
        runs.finish_if_done(tx.conn, run_id, run_finished)


def on_handoff(tx: Tx, intent: MedicineHandoffRequested, _envelope: Envelope) -> None:
    """The run's bought medicine is handed in at the gate: one hand-off per request, which
    holding registers as an arrival for the household."""
    ref = intent.run_ref
    if intent.actor.role != "volunteer":
        return refuse(tx, intent, HANDOFF, "wrong_role", {"role": intent.actor.role}, ref)
    run = runs.get(tx.conn, ref)
    if run is None:
        return refuse(tx, intent, HANDOFF, "unknown_run", {"ref": ref}, ref)
    if run["volunteer_id"] != intent.actor.person_id:
        return refuse(tx, intent, HANDOFF, "not_your_run", {"ref": ref}, ref)
    bought = [row for row in store.of_run(tx.conn, ref) if row["state"] == BOUGHT]
    if not bought:
        return refuse(tx, intent, HANDOFF, "nothing_to_hand_off", {"ref": ref}, ref)
    for row in bought:
        store.change(tx.conn, row["request_id"], state=HANDED_OFF, changed_at=tx.now)
        tx.emit(MedicineHandedOff(request_id=row["request_id"], run_id=ref, building=row["building"],
                                  room=row["room"], by=intent.actor.person_id, at=tx.now, **requester(row)))
    runs.change(tx.conn, ref, handed_off_at=tx.now)
    runs.finish_if_done(tx.conn, ref, run_finished)
    still = [row["request_id"] for row in store.of_run(tx.conn, ref) if row["state"] in (IN_RUN, PROPOSED)]
    tx.emit(MedicineHandoffConfirmed(**answer(intent), run_id=ref, requests=[row["request_id"] for row in bought],
                                     open=still))
