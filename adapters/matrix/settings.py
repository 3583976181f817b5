"""The Matrix adapter's settings (prefix `LASTMILE_`). It runs only when a homeserver is set."""

from __future__ import annotations

from pydantic import Field, HttpUrl, model_validator

from shared.runtime.settings import ServiceSettings

METRICS_PORT = 9321


class MatrixSettings(ServiceSettings):
    metrics_port: int | None = Field(METRICS_PORT, ge=0, le=65535)
    matrix_homeserver: HttpUrl | None = None
    # The bot's user id (`@lastmile:example.org`) or localpart; with a password it logs in.
    matrix_user: str | None = None
    matrix_password: str | None = None
    # Instead of a password: an access token (the user is then asked of the homeserver).
    matrix_access_token: str | None = None
    # A fixed device keeps Matrix's transaction ids, so a resent message is not sent twice.
    matrix_device_id: str = Field("LASTMILE", pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    matrix_sync_timeout: float = Field(30.0, gt=0, le=300, description="long-poll seconds")
    matrix_timeline_limit: int = Field(100, ge=1, le=1000, description="events per room per sync; gaps are paged")
    matrix_send_attempts: int = Field(5, ge=1, le=50)
    # How long one message may wait out the homeserver's rate limits (retry_after_ms) in all.
    matrix_max_rate_wait: float = Field(120.0, gt=0, le=3600)

    @model_validator(mode="after")
    def _credentials(self) -> "MatrixSettings":
        if self.matrix_homeserver and not (self.matrix_access_token or (self.matrix_user and self.matrix_password)):
            raise ValueError("LASTMILE_MATRIX_HOMESERVER is set: also set LASTMILE_MATRIX_USER and "
                             "LASTMILE_MATRIX_PASSWORD, or LASTMILE_MATRIX_ACCESS_TOKEN")
        return self

    @property
    def configured(self) -> bool:
        """Whether `lastmile up` should run this adapter."""
        return self.matrix_homeserver is not None
