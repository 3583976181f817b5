"""The event envelope every lastmile service publishes and consumes.

The envelope is the contract between services; the payload in `data` is validated
against the model registered for (`type`, `version`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from ulid import ULID


def new_id() -> str:
    """A sortable unique id (ULID): ordering by id is ordering by creation time."""
    return str(ULID())


class Envelope(BaseModel):
    """What travels on every `lm.<community>.…` subject.

    `id` is also sent as the `Nats-Msg-Id` header so JetStream drops a re-published copy,
    and consumers key their inbox on it so a redelivered copy has no second effect.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=64)
    type: str = Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
    source: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    time: AwareDatetime
    community: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")
    correlation_id: str = Field(min_length=1, max_length=64)
    causation_id: str | None = None
    version: int = Field(default=1, ge=1)
    data: dict[str, Any]


def make_envelope(
    *,
    type: str,
    source: str,
    community: str,
    data: dict[str, Any],
    time: datetime,
    version: int = 1,
    correlation_id: str | None = None,
    causation_id: str | None = None,
) -> Envelope:
    """Build an envelope; a new conversation starts its own correlation id."""
    event_id = new_id()
    return Envelope(
        id=event_id,
        type=type,
        source=source,
        time=time,
        community=community,
        correlation_id=correlation_id or event_id,
        causation_id=causation_id,
        version=version,
        data=data,
    )
