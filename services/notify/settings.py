"""notify's settings: how fast each platform may be written to, how hard to retry, when the
bulletin goes out.

Rate limits are per platform (`LASTMILE_NOTIFY_RATE_LIMITS` is JSON keyed by platform, with
`default` for the rest): chats are written at most `chat_per_minute` with bursts of
`chat_burst`, and a platform as a whole at most `platform_per_second` (burst
`platform_burst`). The defaults sit under Telegram's published bot limits.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from shared.runtime.settings import ServiceSettings, load_settings


class RateLimit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    chat_per_minute: float = Field(20.0, gt=0)
    chat_burst: int = Field(3, ge=1)
    platform_per_second: float = Field(25.0, gt=0)
    platform_burst: int = Field(30, ge=1)


class NotifySettings(ServiceSettings):
    notify_rate_limits: dict[str, RateLimit] = Field(default_factory=lambda: {"default": RateLimit()})
    # A failed send is tried again after these delays (seconds); after the last, it is missed.
    notify_retry_delays: list[float] = Field(default=[30.0, 120.0, 600.0], min_length=1)
    # A broadcast is reported when every group answered, or at the latest after this.
    notify_report_after_minutes: float = Field(30.0, gt=0)
    # A notice that reached nobody (no chat bound, no group yet) is sent when they appear, up to
    # this long after it was decided; a route's `lasts` (an item on the rack) overrides it.
    notify_waiting_hours: float = Field(24.0, gt=0)
    bulletin_hour: int = Field(20, ge=0, le=23)
    # The person's language when nothing says otherwise (no roster entry, no language on the event).
    notify_default_language: str = Field("zh", pattern=r"^(zh|en)$")

    def rate_limit(self, platform: str) -> RateLimit:
        return self.notify_rate_limits.get(platform) or self.notify_rate_limits.get("default") or RateLimit()

    @property
    def send_attempts(self) -> int:
        return len(self.notify_retry_delays) + 1


def load() -> NotifySettings:
    return load_settings(NotifySettings)
