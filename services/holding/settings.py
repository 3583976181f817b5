"""holding's settings: hold hours per zone level, the zone at first start, and how long an
arrival may wait for disinfection before property is alerted."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.runtime.settings import ServiceSettings

from .domain.holds import HoldPolicy


class HoldingSettings(ServiceSettings):
    hold_hours_sealed: float = Field(2.0, gt=0, le=72)
    hold_hours_controlled: float = Field(2.0, gt=0, le=72)
    hold_hours_precaution: float = Field(1.0, gt=0, le=72)
    # Only until the committee first sets one: the level in force is kept in the store.
    initial_zone: Literal["sealed", "controlled", "precaution"] = "sealed"
    disinfection_deadline_minutes: float = Field(30.0, gt=0, le=24 * 60)

    @property
    def hold_policy(self) -> HoldPolicy:
        return HoldPolicy(self.hold_hours_sealed, self.hold_hours_controlled, self.hold_hours_precaution)
