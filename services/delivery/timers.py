"""delivery's stored timer: one per racked item, stepping through its reminders and then
its escalation to the building admin. Each step fires once, in the transaction of its
notices, and sets the next; a pickup of the last household cancels it. Due times are
counted from the racking again at each step, so a moved timer never fires early."""

from __future__ import annotations

from shared.runtime.timers import Timer
from shared.runtime.tx import Tx

from . import notices
from .db import items as db
from .domain import items as states
from .domain.reminders import ESCALATION, Schedule

REMINDER = "delivery.reminder"


def on_reminder(tx: Tx, timer: Timer, *, schedule: Schedule) -> None:
    item = db.item(tx.conn, timer.key)
    index = int(timer.data.get("step", 0))
    step = schedule.step(index)
    if item is None or item["state"] not in states.ON_RACK or step is None:
        return
    due = schedule.due(item["racked_at"], index)
    if tx.now < due:
        tx.schedule(REMINDER, timer.key, due, {"step": index})
        return
    if step.kind == ESCALATION:
        db.change_item(tx.conn, timer.key, state=states.ESCALATED, escalated_at=tx.now)
        notices.escalated(tx, db.item(tx.conn, timer.key), tx.now)
    else:
        notices.reminded(tx, item, step)
    if schedule.step(index + 1) is not None:
        tx.schedule(REMINDER, timer.key, schedule.due(item["racked_at"], index + 1), {"step": index + 1})
