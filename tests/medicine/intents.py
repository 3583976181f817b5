"""Intents as intake would publish them, for medicine's tests: a small roster of people."""

from __future__ import annotations

import itertools

from shared.contracts import intake

_messages = itertools.count(1)

# Two households in building 3, one in building 5; an admin of 3 and one of 5; two
# volunteers; the committee.
PEOPLE = {
    "R1": ("resident", "3", "101"), "R2": ("resident", "3", "101"), "R3": ("resident", "3", "102"),
    "R4": ("resident", "5", "201"), "R5": ("building_admin", "3", None), "R6": ("building_admin", "5", None),
    "R7": ("volunteer", None, None), "R8": ("volunteer", None, None), "R9": ("committee", None, None),
    "R10": ("property", None, None), "R11": ("guard", None, None),
}


def roster() -> list[intake.PersonRegistered]:
    return [intake.PersonRegistered(person_id=pid, name=f"person {pid}", role=role, building=b, room=r,
                                    language="en" if pid in ("R3", "R7") else "zh")
            for pid, (role, b, r) in PEOPLE.items()]


def actor(person: str) -> intake.Actor:
    role, building, room = PEOPLE[person]
    return intake.Actor(person_id=person, role=role, building=building, room=room,
                        language="en" if person in ("R3", "R7") else "zh")


def chat() -> intake.ChatRef:
    return intake.ChatRef(platform="term", chat_id="dm", chat_type="direct", sender_id="s1",
                          message_id=f"m{next(_messages)}")


def request(by: str, drug: str = "Amlodipine", *, hospital: str = "Ruijin", days_left: int = 20,
            urgency: int = 4, vulnerable: bool = False, note: str | None = None, dose: str = "5mg x 30",
            building: str | None = None, room: str | None = None) -> intake.MedicineRequested:
    return intake.MedicineRequested(actor=actor(by), chat=chat(), hospital=hospital, drug=drug, dose=dose,
                                    days_left=days_left, urgency=urgency, vulnerable=vulnerable, note=note,
                                    building=building, room=room)


def urgency(ref: str, level: int, by: str = "R9",
            reason: str = "seen by the doctor") -> intake.MedicineUrgencyChangeRequested:
    return intake.MedicineUrgencyChangeRequested(actor=actor(by), chat=chat(), request_ref=ref, urgency=level,
                                                 reason=reason)


def run(hospital: str = "Ruijin", by: str = "R7", size: int | None = None) -> intake.MedicineRunRequested:
    return intake.MedicineRunRequested(actor=actor(by), chat=chat(), hospital=hospital, size=size)


def bought(ref: str, by: str = "R7") -> intake.MedicineOutcomeRequested:
    return intake.MedicineOutcomeRequested(actor=actor(by), chat=chat(), request_ref=ref, outcome="bought")


def substitute(ref: str, name: str, by: str = "R7", note: str | None = None) -> intake.MedicineOutcomeRequested:
    return intake.MedicineOutcomeRequested(actor=actor(by), chat=chat(), request_ref=ref, outcome="substitute",
                                           substitute=name, reason=note)


def unavailable(ref: str, reason: str, by: str = "R7") -> intake.MedicineOutcomeRequested:
    return intake.MedicineOutcomeRequested(actor=actor(by), chat=chat(), request_ref=ref, outcome="unavailable",
                                           reason=reason)


def answer(ref: str, accept: bool, by: str) -> intake.MedicineSubstituteAnswerRequested:
    return intake.MedicineSubstituteAnswerRequested(actor=actor(by), chat=chat(), request_ref=ref, accept=accept)


def handoff(run_ref: str, by: str = "R7") -> intake.MedicineHandoffRequested:
    return intake.MedicineHandoffRequested(actor=actor(by), chat=chat(), run_ref=run_ref)


def status(by: str, target: str | None = None) -> intake.StatusRequested:
    return intake.StatusRequested(actor=actor(by), chat=chat(), target=target)
