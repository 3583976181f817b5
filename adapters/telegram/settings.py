"""The Telegram adapter's settings (prefix `LASTMILE_`). It runs only when a token is set."""

from __future__ import annotations

from pydantic import Field, HttpUrl

from shared.runtime.settings import ServiceSettings

METRICS_PORT = 9322
DEFAULT_API = "https://api.telegram.org"


class TelegramSettings(ServiceSettings):
    metrics_port: int | None = Field(METRICS_PORT, ge=0, le=65535)
    telegram_token: str | None = Field(None, min_length=8)
    # A self-hosted Bot API server, or a test double (default: Telegram's); `/bot<token>/` is appended.
    telegram_api_url: HttpUrl | None = None
    telegram_poll_timeout: int = Field(30, ge=1, le=50, description="getUpdates long-poll seconds")
    telegram_send_attempts: int = Field(5, ge=1, le=50)
    telegram_max_retry_after: float = Field(120.0, gt=0, description="longest 429 wait honoured in place")
    telegram_conflict_retry: float = Field(30.0, gt=0, description="seconds between getUpdates tries during a 409")

    @property
    def api_base(self) -> str:
        return str(self.telegram_api_url or DEFAULT_API).rstrip("/")

    @property
    def configured(self) -> bool:
        """Whether `lastmile up` should run this adapter."""
        return bool(self.telegram_token)
