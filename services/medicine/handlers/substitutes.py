"""The requester's yes or no to a proposed substitute, and the deadline when no answer comes."""

from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.intake import MedicineSubstituteAnswerRequested
from shared.contracts.medicine import MedicineSubstituteConfirmed, MedicineSubstituteDeclined
from shared.runtime.timers import Timer
from shared.runtime.tx import Tx

from ..db import requests as store
from ..db import runs, tallies
from ..domain.requests import CONFIRMED, PROPOSED, QUEUED, after_declined, answer_blocked, run_finished
from .context import Medicine, answer, refuse, requester
from .runs import SUBSTITUTE_TIMER

ANSWER = "medicine.substitute_answer_requested"


def on_answer(tx: Tx, intent: MedicineSubstituteAnswerRequested, _envelope: Envelope, *,
              medicine: Medicine) -> None:
    """Only the requester answers; yes lets the volunteer buy the substitute, no sends the
    request back to the queue (or to unavailable after the most runs)."""
    ref = intent.request_ref
    row = store.get(tx.conn, ref)
    if row is None or row["requester_id"] != intent.actor.person_id:
        # Someone else's request: answered as unknown, so its existence is not disclosed.
        return refuse(tx, intent, ANSWER, "unknown_request", {"ref": ref}, ref)
    blocked = answer_blocked(ref, row["state"])
    if blocked:
        return refuse(tx, intent, ANSWER, blocked.reason, blocked.params, ref)
    tx.cancel(SUBSTITUTE_TIMER, ref)
    volunteer = runs.get(tx.conn, row["run_id"])["volunteer_id"]
    if intent.accept:
        store.change(tx.conn, ref, state=CONFIRMED, answer_by=None, changed_at=tx.now)
        tallies.bump(tx.conn, "substitutes_confirmed")
        tx.emit(MedicineSubstituteConfirmed(**answer(intent), **requester(row), request_id=ref,
                                            run_id=row["run_id"], volunteer_id=volunteer))
        return
    _decline(tx, row, volunteer, medicine, answer(intent), timed_out=False)


def on_deadline(tx: Tx, timer: Timer, *, medicine: Medicine) -> None:
    """No answer in time: the substitute is not bought."""
    row = store.get(tx.conn, timer.key)
    if row is None or row["state"] != PROPOSED:
        return
    if row["answer_by"] and tx.now < row["answer_by"]:
        tx.schedule(SUBSTITUTE_TIMER, timer.key, row["answer_by"])
        return
    volunteer = runs.get(tx.conn, row["run_id"])["volunteer_id"]
    _decline(tx, row, volunteer, medicine, {}, timed_out=True)


def _decline(tx: Tx, row, volunteer: str, medicine: Medicine, asker: dict, *, timed_out: bool) -> None:
    to = after_declined(row["runs"], medicine.max_runs)
    values = {"state": to, "answer_by": None, "changed_at": tx.now, "substitute_sealed": None,
              "substitute_note_sealed": None}
    if to == QUEUED:
        values["run_id"] = None
    store.change(tx.conn, row["request_id"], **values)
    runs.finish_if_done(tx.conn, row["run_id"], run_finished)
    tallies.bump(tx.conn, "substitutes_timed_out" if timed_out else "substitutes_declined")
    tx.emit(MedicineSubstituteDeclined(**asker, **requester(row), request_id=row["request_id"],
                                       run_id=row["run_id"], volunteer_id=volunteer, timed_out=timed_out,
                                       returned_to="queue" if to == QUEUED else "unavailable"))
