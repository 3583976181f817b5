"""When an item still on the rack is reminded about, and when it is escalated.

Every step is counted from the moment the item was racked, so a restart, a late timer or a
slot change never shifts the schedule: reminders at each of `reminder_hours`, then one
escalation to the building admin at `escalation_hours`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

REMINDER = "reminder"
ESCALATION = "escalation"


@dataclass(frozen=True)
class Step:
    index: int
    kind: str  # reminder | escalation
    number: int  # 1, 2, … among reminders; 1 for the escalation
    hours: float


@dataclass(frozen=True)
class Schedule:
    reminder_hours: tuple[float, ...] = (4.0, 12.0)
    escalation_hours: float = 24.0

    def __post_init__(self) -> None:
        hours = [*self.reminder_hours, self.escalation_hours]
        if any(h <= 0 for h in hours):
            raise ValueError("reminder and escalation hours must be positive")
        if any(later <= earlier for earlier, later in zip(hours, hours[1:])):
            raise ValueError("reminder hours must ascend, and escalation come after the last reminder")

    @property
    def steps(self) -> list[Step]:
        reminders = [Step(i, REMINDER, i + 1, h) for i, h in enumerate(self.reminder_hours)]
        return [*reminders, Step(len(reminders), ESCALATION, 1, self.escalation_hours)]

    def step(self, index: int) -> Step | None:
        steps = self.steps
        return steps[index] if 0 <= index < len(steps) else None

    def due(self, racked_at: datetime, index: int) -> datetime:
        return racked_at + timedelta(hours=self.steps[index].hours)


def waiting_hours(racked_at: datetime, now: datetime) -> float:
    return round((now - racked_at).total_seconds() / 3600, 2)
