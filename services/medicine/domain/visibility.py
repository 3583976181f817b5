"""Who may see a request, and who may see its medical details (drug, dose, notes).

Medical details: the requester, the volunteer holding the request's run, the committee.
Ids and states (no details): also the household's residents and its building's admins.
Nobody else learns that the request exists.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Viewer:
    """`role`: the one intake checked; `roles`: all of them (a volunteer may live in a room)."""

    person_id: str
    role: str
    building: str | None
    room: str | None
    roles: tuple[str, ...] = ()

    @property
    def resident(self) -> bool:
        return self.role == "resident" or "resident" in self.roles


@dataclass(frozen=True)
class RequestFacts:
    requester_id: str
    building: str
    room: str
    run_volunteer: str | None


def sees_details(viewer: Viewer, request: RequestFacts) -> bool:
    return (viewer.role == "committee" or viewer.person_id == request.requester_id
            or (viewer.role == "volunteer" and viewer.person_id == request.run_volunteer))


def sees_request(viewer: Viewer, request: RequestFacts) -> bool:
    if sees_details(viewer, request):
        return True
    if viewer.role == "building_admin":
        return viewer.building == request.building
    return viewer.resident and (viewer.building, viewer.room) == (request.building, request.room)


def sees_run(viewer: Viewer, volunteer_id: str) -> bool:
    return viewer.role == "committee" or viewer.person_id == volunteer_id


def sees_queue(viewer: Viewer) -> bool:
    """The queue's counts: whoever triages or runs it."""
    return viewer.role in ("committee", "volunteer")
