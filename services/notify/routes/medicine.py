"""medicine's events. Medical details (drug, dose, notes, substitutes) go only to the
requester, the volunteer holding the run and the committee, and always to a person's direct
chat, never threaded into a group where the request may have been typed. Everyone else hears
ids and states; the bulletin counts only."""

from __future__ import annotations

from shared.contracts import medicine as m

from ..db import medicine_items
from .audience import other_than_asker, person, reply, reply_else, role
from .model import Target, count, route, say


def requesters_of_run(payload: m.MedicineRunClaimed) -> list[Target]:
    """Each requester that their request is on a run (its id only)."""
    return [Target("person", value=(item.requester_id,), facts={"request_id": item.request_id})
            for item in payload.items]


def remember_handoff(conn, payload: m.MedicineHandedOff) -> dict[str, int]:
    """Nothing to say (holding's arrival tells the household): remember who filed it."""
    medicine_items.handed_off(conn, request_id=payload.request_id, requester_id=payload.requester_id,
                              language=payload.requester_language, building=payload.building, room=payload.room)
    return {}


def ended_unavailable(payload: m.MedicineSubstituteDeclined) -> bool:
    return payload.returned_to == "unavailable"


ROUTES = {
    m.MedicineRequestAccepted: route(say("medicine/medicine.request_accepted", person("person_id")),
                                     counts=count("medicine_requests")),
    m.MedicineRequestRefused: route(say("medicine/medicine.request_refused", reply)),
    m.MedicineUrgencyChanged: route(say("medicine/medicine.urgency_changed", reply),
                                    say("medicine/medicine.urgency_changed.requester", person("requester_id"),
                                        when=other_than_asker("requester_id"))),
    m.MedicineRunClaimed: route(say("medicine/medicine.run_claimed", person("person_id")),
                                say("medicine/medicine.run_claimed.requester", requesters_of_run),
                                counts=count("medicine_runs")),
    m.MedicineBought: route(say("medicine/medicine.bought", reply),
                            say("medicine/medicine.bought.requester", person("requester_id")),
                            counts=count("medicine_filled")),
    m.MedicineSubstituteProposed: route(say("medicine/medicine.substitute_proposed", person("person_id")),
                                        say("medicine/medicine.substitute_proposed.requester",
                                            person("requester_id")),
                                        counts=count("medicine_substitutes")),
    m.MedicineSubstituteConfirmed: route(say("medicine/medicine.substitute_confirmed", reply),
                                         say("medicine/medicine.substitute_confirmed.volunteer",
                                             person("volunteer_id"))),
    m.MedicineSubstituteDeclined: route(say("medicine/medicine.substitute_declined",
                                            reply_else(person("requester_id"))),
                                        say("medicine/medicine.substitute_declined.volunteer",
                                            person("volunteer_id")),
                                        counts=count("medicine_unavailable", when=ended_unavailable)),
    m.MedicineUnavailable: route(say("medicine/medicine.unavailable", person("person_id")),
                                 say("medicine/medicine.unavailable.requester", person("requester_id")),
                                 say("medicine/medicine.unavailable.committee", role("committee")),
                                 counts=count("medicine_unavailable")),
    m.MedicineStatusReported: route(say("medicine/medicine.status_reported", person("person_id"))),
    m.MedicineHandoffConfirmed: route(say("medicine/medicine.handoff_confirmed", reply)),
    m.MedicineHandedOff: route(tally=remember_handoff),
}
