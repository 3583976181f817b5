"""The contracts every service imports: envelope, subjects, streams, chat envelope and
every event's payload. Importing this package registers every event type."""

from . import delivery, holding, intake, medicine, notify, vetting  # noqa: F401  (registers their events)
from .chat import ChatIn, ChatOut, ChatReceipt
from .envelope import Envelope, make_envelope, new_id
from .registry import EventSpec, Payload, all_events, event, parse_payload, spec_for, spec_of

__all__ = [
    "ChatIn", "ChatOut", "ChatReceipt", "Envelope", "EventSpec", "Payload", "all_events",
    "event", "make_envelope", "new_id", "parse_payload", "spec_for", "spec_of",
]
