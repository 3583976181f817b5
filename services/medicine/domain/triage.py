"""Urgency and the order of the queue.

Levels: 1 life-threatening, 2 urgent, 3 soon, 4 routine. Few days of supply left and a
vulnerable person raise the level the requester stated, but never to 1 by themselves: only
a person (the requester, or the committee) calls a request life-threatening.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

CRITICAL, URGENT, SOON, ROUTINE = 1, 2, 3, 4
LEVELS = (CRITICAL, URGENT, SOON, ROUTINE)
LAST_DAY = 1       # days left at or below which a request is at least urgent
FEW_DAYS = 3       # days left at or below which it is raised one level


def urgency(stated: int, days_left: int, vulnerable: bool) -> int:
    if stated not in LEVELS:
        raise ValueError(f"urgency {stated} is not 1..4")
    raised = min(stated, URGENT) if days_left <= LAST_DAY else stated - (days_left <= FEW_DAYS)
    raised -= vulnerable
    return min(stated, max(raised, URGENT))


def hospital_key(name: str) -> str:
    """`Ruijin  hospital` and `ruijin Hospital` are one hospital's queue."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Queued:
    request_id: str
    urgency: int
    requested_at: datetime
    number: int  # the id's number: breaks ties between requests of the same instant


def queue_key(item: Queued) -> tuple[int, datetime, int]:
    """Most urgent first; within a level, who has waited longest."""
    return (item.urgency, item.requested_at, item.number)


def next_for_run(queued: list[Queued], size: int) -> list[Queued]:
    return sorted(queued, key=queue_key)[:size]


def position(queued: list[Queued], request_id: str) -> int:
    ordered = sorted(queued, key=queue_key)
    return next(i for i, q in enumerate(ordered, 1) if q.request_id == request_id)
