"""intake's settings: how long a binding code stays valid, and how binding guesses are
limited (`LASTMILE_TIMEZONE` dates `/groupbuy` deadlines)."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field

from shared.runtime.settings import ServiceSettings

from .domain.lockout import BindPolicy


class IntakeSettings(ServiceSettings):
    # A code issued by `lastmile roster import` works this long (the import may say otherwise).
    code_valid_days: float = Field(14.0, gt=0, le=366)
    # Wrong codes from one identity (platform + sender) before it is locked out ...
    bind_max_failures: int = Field(5, ge=1, le=100)
    # ... each within this long of the previous one (a quiet window forgets them) ...
    bind_failure_window_minutes: float = Field(60.0, gt=0, le=7 * 24 * 60)
    # ... and how long the lock lasts.
    bind_lockout_minutes: float = Field(30.0, gt=0, le=7 * 24 * 60)
    # In a group, an order-like message that cannot be read is answered once per person this often.
    order_hint_minutes: float = Field(10.0, ge=0, le=24 * 60)

    @property
    def order_hint_window(self) -> timedelta:
        return timedelta(minutes=self.order_hint_minutes)

    @property
    def bind_policy(self) -> BindPolicy:
        return BindPolicy(max_failures=self.bind_max_failures,
                          window=timedelta(minutes=self.bind_failure_window_minutes),
                          lockout=timedelta(minutes=self.bind_lockout_minutes))

    @property
    def code_validity(self) -> timedelta:
        return timedelta(days=self.code_valid_days)
