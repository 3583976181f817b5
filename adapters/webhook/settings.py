"""The webhook adapter's settings (prefix `LASTMILE_`, like every lastmile process)."""

from __future__ import annotations

from pydantic import Field, HttpUrl

from shared.contracts.chat import PLATFORM_PATTERN
from shared.runtime.settings import ServiceSettings


class WebhookSettings(ServiceSettings):
    webhook_platform: str = Field("webhook", pattern=PLATFORM_PATTERN)
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(8380, ge=0, le=65535)
    # Where to POST outgoing messages; without it, they wait for GET /outbox (long-poll).
    webhook_outgoing_url: HttpUrl | None = None
    # When set, callers must send `Authorization: Bearer <token>`; it is also sent outward.
    webhook_token: str | None = Field(None, min_length=16)
    webhook_attempts: int = Field(5, ge=1, le=50)
    webhook_backoff: float = Field(0.5, gt=0, description="first retry delay, doubling, in seconds")
    webhook_timeout: float = Field(10.0, gt=0)
    webhook_max_retry_after: float = Field(120.0, gt=0, description="longest 429 Retry-After honoured in place")
