"""A request's states and what a volunteer or the requester may do in each.

    queued → in_run → bought → handed_off
                    → substitute_proposed → substitute_confirmed → bought
                                          → queued | unavailable   (no, or no answer)
                    → unavailable
"""

from __future__ import annotations

from dataclasses import dataclass, field

QUEUED, IN_RUN, PROPOSED, CONFIRMED = "queued", "in_run", "substitute_proposed", "substitute_confirmed"
BOUGHT, HANDED_OFF, UNAVAILABLE = "bought", "handed_off", "unavailable"
STATES = (QUEUED, IN_RUN, PROPOSED, CONFIRMED, BOUGHT, HANDED_OFF, UNAVAILABLE)
OPEN_ON_RUN = (IN_RUN, PROPOSED, CONFIRMED)

# outcome → the states it may follow
OUTCOME_FROM = {
    "bought": (IN_RUN, CONFIRMED),
    "substitute": (IN_RUN,),
    "unavailable": (IN_RUN, CONFIRMED),
}


@dataclass(frozen=True)
class Blocked:
    reason: str
    params: dict[str, str] = field(default_factory=dict)


def outcome_blocked(request_id: str, state: str, outcome: str) -> Blocked | None:
    """Why the run's volunteer may not report `outcome` now, or None. A proposed substitute
    blocks every outcome until the requester answered: nothing is bought on a guess."""
    if state in OUTCOME_FROM[outcome]:
        return None
    if state == PROPOSED:
        return Blocked("substitute_unconfirmed", {"ref": request_id})
    return Blocked("not_in_run", {"ref": request_id, "state": state})


def answer_blocked(request_id: str, state: str) -> Blocked | None:
    if state == PROPOSED:
        return None
    return Blocked("no_substitute_pending", {"ref": request_id, "state": state})


def run_finished(states_on_run: list[str]) -> bool:
    """A run is done once nothing on it waits for the volunteer: every request bought and
    handed in, unavailable, or back in the queue."""
    return not any(state in OPEN_ON_RUN or state == BOUGHT for state in states_on_run)


def after_declined(runs_so_far: int, max_runs: int) -> str:
    """Where a request goes when its substitute is declined or not answered in time."""
    return QUEUED if runs_so_far < max_runs else UNAVAILABLE
