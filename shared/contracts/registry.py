"""One registry: event type → payload model, publishing service and schema version.

A payload that changes incompatibly is registered again under a new version; the old
model stays so consumers can read what is already on the streams.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from pydantic import BaseModel, ConfigDict

from .envelope import Envelope
from .subjects import event_subject


class Payload(BaseModel):
    """Base of every event payload: unknown fields are an error, not silently dropped.

    Validators are built at a model's first use (`defer_build`), not at import: every process
    imports every event of the system and uses a fraction of them (~1 MiB resident each).
    pydantic ≥ 2.14 builds a model once when two threads first use it together (a handler on
    the store's thread, a decode on the loop's); before, the second could use a half-built one."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


P = TypeVar("P", bound=type[Payload])


@dataclass(frozen=True)
class EventSpec:
    type: str
    source: str
    version: int
    model: type[Payload]
    doc: str

    def subject(self, community: str) -> str:
        return event_subject(community, self.source, self.type)


class UnknownEvent(LookupError):
    pass


_BY_KEY: dict[tuple[str, int], EventSpec] = {}
_BY_MODEL: dict[type[Payload], EventSpec] = {}


def event(type: str, *, source: str, version: int = 1) -> Callable[[P], P]:
    """Class decorator registering a payload model as event `type` from `source`."""

    def register(model: P) -> P:
        spec = EventSpec(type, source, version, model, (model.__doc__ or "").strip())
        existing = _BY_KEY.get((type, version))
        if existing and existing.model is not model:
            raise ValueError(f"event {type} v{version} is already registered")
        _BY_KEY[(type, version)] = spec
        _BY_MODEL[model] = spec
        return model

    return register


def spec_for(event_type: str, version: int = 1) -> EventSpec:
    try:
        return _BY_KEY[(event_type, version)]
    except KeyError:
        raise UnknownEvent(f"unknown event {event_type} v{version}") from None


def spec_of(payload: Payload | type[Payload]) -> EventSpec:
    model = payload if isinstance(payload, type) else type(payload)
    try:
        return _BY_MODEL[model]
    except KeyError:
        raise UnknownEvent(f"{model.__name__} is not a registered event") from None


def parse_payload(envelope: Envelope) -> Payload:
    """Validate `data` against the model registered for the envelope's type and version."""
    return spec_for(envelope.type, envelope.version).model.model_validate(envelope.data)


def all_events() -> list[EventSpec]:
    return sorted(_BY_KEY.values(), key=lambda s: (s.source, s.type, s.version))


def event_types_of(source: str) -> list[str]:
    return sorted({s.type for s in _BY_KEY.values() if s.source == source})


def describe(payload: Payload) -> dict[str, Any]:
    return payload.model_dump(mode="json")
