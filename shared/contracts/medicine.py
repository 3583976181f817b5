"""Events published by medicine: requests for medicine runs (代配药), their triage, the
volunteers' hospital runs, each item's outcome, substitutes confirmed by the resident and the
hand-off at the gate.

Ids: `MR12` a request (one drug for one household), `HR3` a hospital run (a volunteer's
batch for one hospital). Urgency: 1 life-threatening, 2 urgent, 3 soon, 4 routine.

**Medical data.** Drug names, doses, notes, substitutes and an unavailability reason (which
a volunteer may word with the drug's name) are medical. They travel only in the events whose
readers may see them: `medicine.request_accepted` (answer to the requester),
`medicine.run_claimed` (answer to the volunteer holding the run), `medicine.substitute_proposed`
(to the requester and the volunteer), `medicine.unavailable` (same), `medicine.urgency_changed`
(the committee's reason, to the requester) and
`medicine.status_reported` (filled only for the requester, the run's volunteer and the
committee). Every other event carries ids, urgency, counts and the household only: in
particular `medicine.handed_off`, which holding consumes. Each event's doc says whether it
carries medical data (`medical:`).

Answers carry the asker's `person_id`, `chat` and `language` (`Outcome`); events that also
concern the requester carry `requester_id` and `requester_language` so notify can tell them.
Times are medicine's clock (injectable).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from .intake import Language
from .registry import Payload, event
from .vetting import Outcome

Urgency = int  # 1 life-threatening … 4 routine (validated where it enters: intake and medicine)
RequestState = Literal["queued", "in_run", "substitute_proposed", "substitute_confirmed", "bought",
                       "handed_off", "unavailable"]


class Requester(Payload):
    """Who to tell about a request besides the asker: the person who filed it."""

    requester_id: str
    requester_language: Language = "zh"


# -- requests and triage ---------------------------------------------------------------------


@event("medicine.request_accepted", source="medicine")
class MedicineRequestAccepted(Outcome):
    """A request joined the triage queue with its `urgency` (from the stated level, raised by
    few `days_left` and the `vulnerable` flag) and its place in its hospital's queue.
    `on_behalf` when a building admin filed it for a household.
    medical: drug, dose, note. Tell: the asker only."""

    request_id: str
    building: str
    room: str
    hospital: str
    drug: str
    dose: str
    days_left: int
    vulnerable: bool
    note: str | None = None
    urgency: int = Field(ge=1, le=4)
    position: int = Field(ge=1, description="place in its hospital's queue, 1 = next")
    on_behalf: bool = False


@event("medicine.request_refused", source="medicine")
class MedicineRequestRefused(Outcome):
    """A medicine intent medicine could not carry out. `request` is the intent answered
    (medicine.requested, medicine.urgency_change_requested, medicine.run_requested,
    medicine.outcome_requested, medicine.substitute_answer_requested,
    medicine.handoff_requested). reasons (params): wrong_role (role), no_household,
    room_required, not_your_room (room), not_your_building (building), unknown_room (room),
    unknown_request (ref), not_queued (ref, state),
    unknown_run (ref), not_requester (ref), not_your_run (ref), not_in_run (ref, state),
    no_substitute_pending (ref, state), substitute_unconfirmed (ref), nothing_queued (hospital,
    waiting: `hospital×count …` elsewhere), nothing_to_hand_off (ref), same_urgency (ref, urgency).
    medical: never. Tell: the asker."""

    request: str
    target: str | None = None
    reason: str
    params: dict[str, str] = Field(default_factory=dict)


@event("medicine.urgency_changed", source="medicine")
class MedicineUrgencyChanged(Outcome, Requester):
    """The committee raised or lowered a queued request's urgency, with a `reason`.
    medical: the reason may be (sealed in medicine's store). Tell: the asker (committee) and
    the requester."""

    request_id: str
    previous: int
    urgency: int
    reason: str
    by: str


# -- runs -----------------------------------------------------------------------------------------


class RunItem(Payload):
    """One request in a run: what the volunteer buys, for whom (by id and urgency)."""

    request_id: str
    urgency: int
    drug: str
    dose: str
    note: str | None = None
    requester_id: str
    requester_language: Language = "zh"


@event("medicine.run_claimed", source="medicine")
class MedicineRunClaimed(Outcome):
    """A volunteer claimed a run `run_id` to `hospital`: the queue's most urgent requests for
    that hospital (urgency, then waiting time), at most the size asked. medical: the items'
    drugs, doses and notes. Tell: the volunteer (all of it); each requester that their request
    is on a run (ids only)."""

    run_id: str
    hospital: str
    volunteer_id: str
    items: list[RunItem]
    left_in_queue: int = 0


@event("medicine.bought", source="medicine")
class MedicineBought(Outcome, Requester):
    """The volunteer bought a request's drug (`substitute` when it is the substitute the
    requester confirmed). It is handed to the gate with its run (`medicine.handed_off`).
    medical: never. Tell: the volunteer (answer) and the requester."""

    request_id: str
    run_id: str
    substitute: bool = False


@event("medicine.substitute_proposed", source="medicine")
class MedicineSubstituteProposed(Outcome, Requester):
    """The drug is not to be had but `substitute` is (checked with the doctor, `note`): it is
    bought only once the requester answers yes before `answer_by`. medical: drug, substitute,
    note. Tell: the volunteer (answer) and the requester (with how to answer)."""

    request_id: str
    run_id: str
    drug: str
    substitute: str
    note: str | None = None
    answer_by: datetime


@event("medicine.substitute_confirmed", source="medicine")
class MedicineSubstituteConfirmed(Outcome, Requester):
    """The requester said yes: the volunteer may now buy the substitute (`/bought`).
    medical: never. Tell: the requester (answer) and the volunteer (`volunteer_id`)."""

    request_id: str
    run_id: str
    volunteer_id: str


@event("medicine.substitute_declined", source="medicine")
class MedicineSubstituteDeclined(Outcome, Requester):
    """The requester said no, or did not answer by the deadline (`timed_out`): the substitute
    is not bought; the request goes `returned_to` the queue (another run tries again) or to
    `unavailable` (it has been out on the most runs allowed). medical: never. Tell: the
    requester (and as an answer when they said no) and the volunteer."""

    request_id: str
    run_id: str
    volunteer_id: str
    timed_out: bool = False
    returned_to: Literal["queue", "unavailable"]


@event("medicine.unavailable", source="medicine")
class MedicineUnavailable(Outcome, Requester):
    """The volunteer could not get the drug (nor a substitute), with the `reason` in their
    words: the request ends as unavailable. medical: the reason may name the drug.
    Tell: the volunteer (answer), the requester and the committee (ids only)."""

    request_id: str
    run_id: str
    reason: str


@event("medicine.handed_off", source="medicine")
class MedicineHandedOff(Payload):
    """A bought request was handed in at the gate: it enters the gate flow as an arrival for
    the household (`building`, `room`), linked to `request_id`; holding registers it (M3),
    disinfects, holds and releases it, and delivery racks it like any parcel.
    One event per request. medical: never. Tell: the requester (ids only)."""

    request_id: str
    run_id: str
    building: str
    room: str
    by: str
    at: datetime
    requester_id: str
    requester_language: Language = "zh"


@event("medicine.handoff_confirmed", source="medicine")
class MedicineHandoffConfirmed(Outcome):
    """Answer to `/handoff HR3`: these bought requests of the run were handed in at the gate
    (`requests`, each now an arrival, `medicine.handed_off`); `open` = the run's requests
    still waiting for an outcome (bought, substitute, unavailable). medical: never.
    Tell: the volunteer (answer)."""

    run_id: str
    requests: list[str]
    open: list[str] = Field(default_factory=list)


# -- status -------------------------------------------------------------------------------------


class RequestView(Payload):
    """A request as one asker may see it: `drug`, `dose` and `note` only for its requester,
    the volunteer holding its run and the committee."""

    request_id: str
    state: RequestState
    urgency: int
    hospital: str
    building: str
    room: str
    run_id: str | None = None
    arrival_id: str | None = None
    drug: str | None = None
    dose: str | None = None
    note: str | None = None
    substitute: str | None = None


@event("medicine.status_reported", source="medicine")
class MedicineStatusReported(Outcome):
    """Answer to `status.requested` on MR12 or HR3 (`found` false if unknown or not the
    asker's to see: requests are seen by their requester, the household's building admin (ids
    and states only), volunteers holding the run and the committee), or, without a target,
    for the committee and volunteers: the queue's counts per hospital and urgency (and, for the
    committee, the 20 most urgent requests). medical: drug, dose, note, substitute, only in
    what the asker may see. Tell: the asker."""

    target: str | None = None
    found: bool = True
    requests: list[RequestView] = Field(default_factory=list)
    queue: dict[str, dict[str, int]] = Field(default_factory=dict, description="hospital → urgency → count")
