"""holding's stored timers: the release of a hold and the disinfection deadline.

Each fires once, in the transaction of its effect; the row's own due time is checked
again so a hold is never released before it is due, whatever moved the timer.
"""

from __future__ import annotations

from shared.contracts.holding import DisinfectionOverdue, HoldReleased
from shared.runtime.timers import Timer
from shared.runtime.tx import Tx

from . import queries
from .domain import gate, holds
from .metrics import HoldingMetrics
from .replies import destination

RELEASE = "hold.release"
DEADLINE = "disinfection.deadline"


def release_hold(tx: Tx, timer: Timer, *, metrics: HoldingMetrics) -> None:
    row = queries.arrival(tx.conn, timer.key)
    if row is None or row["state"] != gate.HELD:
        return
    if not holds.may_release(row["due_at"], tx.now):
        tx.schedule(RELEASE, timer.key, row["due_at"])
        return
    queries.change_arrival(tx.conn, timer.key, state=gate.RELEASED, released_at=tx.now)
    metrics.hold_seconds.observe(holds.held_seconds(row["disinfected_at"], tx.now))
    tx.emit(HoldReleased(arrival_id=timer.key, destination=destination(row), registered_at=row["registered_at"],
                         disinfected_at=row["disinfected_at"], due_at=row["due_at"], released_at=tx.now))


def disinfection_overdue(tx: Tx, timer: Timer) -> None:
    row = queries.arrival(tx.conn, timer.key)
    if row is None or row["state"] != gate.AWAITING or row["overdue_at"] is not None:
        return
    queries.change_arrival(tx.conn, timer.key, overdue_at=tx.now)
    tx.emit(DisinfectionOverdue(arrival_id=timer.key, destination=destination(row),
                                registered_at=row["registered_at"], disinfect_by=row["disinfect_by"],
                                overdue_since=tx.now))
