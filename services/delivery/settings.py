"""delivery's settings: when an uncollected item is reminded about, and when it is escalated
to its building admin (hours after it was racked)."""

from __future__ import annotations

from pydantic import Field, model_validator

from shared.runtime.settings import ServiceSettings

from .domain.reminders import Schedule


class DeliverySettings(ServiceSettings):
    reminder_hours: list[float] = Field(default=[4.0, 12.0], max_length=10)
    escalation_hours: float = Field(24.0, gt=0, le=24 * 14)

    @model_validator(mode="after")
    def _ascending(self) -> "DeliverySettings":
        Schedule(tuple(self.reminder_hours), self.escalation_hours)  # raises on a bad order
        return self

    @property
    def schedule(self) -> Schedule:
        return Schedule(tuple(self.reminder_hours), self.escalation_hours)
