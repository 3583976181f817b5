"""Turning raw JetStream messages into what handlers see, and the inbox key of each.

Decoding failures are not retried: a payload that does not validate now never will, so it
goes straight to the dead letters with the validation error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from shared.contracts.chat import ChatIn
from shared.contracts.envelope import Envelope
from shared.contracts.registry import Payload, UnknownEvent, parse_payload

P = TypeVar("P", bound=BaseModel)


class InvalidMessage(ValueError):
    """The message can never be handled as it is (malformed, invalid, unknown type)."""


@dataclass(frozen=True)
class Incoming(Generic[P]):
    key: str  # the inbox key: what makes a redelivered copy recognisable
    subject: str
    payload: P
    envelope: Envelope | None = None


Decoder = Callable[[str, bytes], Incoming[Any]]


def _error_text(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False)[:5]:
        where = ".".join(str(p) for p in err["loc"]) or "payload"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def decode_event(subject: str, body: bytes) -> Incoming[Payload]:
    try:
        envelope = Envelope.model_validate_json(body)
        payload = parse_payload(envelope)
    except ValidationError as exc:
        raise InvalidMessage(f"invalid event: {_error_text(exc)}") from None
    except UnknownEvent as exc:
        raise InvalidMessage(str(exc)) from None
    return Incoming(key=envelope.id, subject=subject, payload=payload, envelope=envelope)


def decode_chat_in(subject: str, body: bytes) -> Incoming[ChatIn]:
    try:
        message = ChatIn.model_validate_json(body)
    except ValidationError as exc:
        raise InvalidMessage(f"invalid chat message: {_error_text(exc)}") from None
    platform = subject.rsplit(".", 1)[-1]
    if message.platform != platform:
        raise InvalidMessage(f"platform {message.platform!r} does not match subject {subject!r}")
    return Incoming(key=message.dedupe_key, subject=subject, payload=message)


def decode_model(model: type[P], key: Callable[[P], str]) -> Decoder:
    """A decoder for any other pydantic message (e.g. adapters' receipts)."""

    def decode(subject: str, body: bytes) -> Incoming[P]:
        try:
            value = model.model_validate_json(body)
        except ValidationError as exc:
            raise InvalidMessage(f"invalid {model.__name__}: {_error_text(exc)}") from None
        return Incoming(key=key(value), subject=subject, payload=value)

    return decode
