"""Settings every service process reads from its environment (prefix `LASTMILE_`).

One process is one service, so `LASTMILE_DATABASE_URL` and `LASTMILE_METRICS_PORT` are
that process's own; `lastmile up` and docker-compose give each service its values.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AwareDatetime, Field, ValidationError, field_validator, model_validator, PrivateAttr
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import settings_error

PREFIX = "LASTMILE_"
DEFAULT_NATS_PORT = 4322  # not 4222: machines here often run a NATS of their own there


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore")

    data_dir: Path = Path("data")
    # Unset: the embedded server on 127.0.0.1:nats_port, the one `lastmile up` starts, so the
    # CLI tools (chat, dlq, provision) find it with the same LASTMILE_NATS_PORT.
    nats_url: str = ""
    nats_port: int = Field(DEFAULT_NATS_PORT, ge=1, le=65535)
    nats_connect_timeout: float = Field(5.0, gt=0)
    database_url: str | None = None
    database_schema: str | None = Field(None, pattern=r"^[a-z_][a-z0-9_]{0,62}$")
    # How long a SQLite write waits for another connection's lock before it fails (and the
    # message is retried): the store's busy timeout.
    sqlite_busy_timeout: float = Field(30.0, gt=0, le=3600)
    # Replicas of the streams this service owns: 3 on a three-server NATS cluster.
    stream_replicas: int = Field(1, ge=1, le=5)
    community: str = Field("demo", pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")
    timezone: str = "Asia/Shanghai"
    clock_speed: float = Field(1.0, gt=0, le=100_000)
    clock_origin: AwareDatetime | None = None
    clock_start: AwareDatetime | None = None
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = Field(None, ge=0, le=65535)
    # Consumer behaviour. ack_wait is what the messages a killed process held wait out before
    # they are delivered again (a restart cannot take them back sooner); a batch that takes
    # longer keeps its messages with "in progress" acks every ack_wait / 3.
    batch_size: int = Field(256, ge=1, le=10_000)
    ack_wait: float = Field(5.0, ge=1)
    max_attempts: int = Field(5, ge=1, le=100)
    retry_delays: list[float] = Field(default=[1.0, 5.0, 15.0, 60.0], min_length=1)
    relay_interval: float = Field(1.0, gt=0)
    timer_interval: float = Field(1.0, gt=0)
    consumer_lag_interval: float = Field(5.0, gt=0)  # how often consumer lag is sampled
    log_level: str = Field("INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")
    # Set by `lastmile up` for every process it starts; `/health` answers with it, so `up` can
    # tell its own processes from another system's on the same ports.
    run_id: str | None = Field(None, max_length=64)
    log_json: bool = False

    @field_validator("nats_url")
    @classmethod
    def _nats_scheme(cls, value: str) -> str:
        if not value:
            return value
        for url in value.split(","):
            if not url.strip().startswith(("nats://", "tls://", "ws://", "wss://")):
                raise ValueError("must be a nats:// (or tls://, ws://) URL")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_driver(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value.startswith(("postgres://", "postgresql://")):
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        if not value.startswith(("sqlite://", "postgresql+psycopg://")):
            raise ValueError("must be a sqlite:// or postgresql:// URL")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    _embedded_nats: bool = PrivateAttr(False)

    @model_validator(mode="after")
    def _embedded_nats_url(self):
        if not self.nats_url:
            self._embedded_nats = True
            self.nats_url = f"nats://127.0.0.1:{self.nats_port}"
        return self

    @property
    def nats_variable(self) -> str:
        """The variable that chose the NATS server, for error messages."""
        return f"{PREFIX}NATS_PORT" if self._embedded_nats else f"{PREFIX}NATS_URL"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def database_url_for(self, service: str) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / f'{service}.db').resolve()}"

    def schema_for(self, service: str) -> str:
        return self.database_schema or service

    def origin(self) -> datetime | None:
        return self.clock_origin


S = TypeVar("S", bound=ServiceSettings)


def load_settings(cls: type[S], **overrides: object) -> S:
    """Read settings, turning a validation error into one line per bad variable."""
    try:
        return cls(**overrides)
    except ValidationError as exc:
        raise settings_error(exc, PREFIX, {}) from None
