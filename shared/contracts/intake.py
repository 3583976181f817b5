"""Events published by intake: what people asked for (intents), and what it could not take."""

from __future__ import annotations

from pydantic import Field

from .registry import Payload, event


@event("message.rejected", source="intake")
class MessageRejected(Payload):
    """A chat message intake could not turn into an intent: unparsable, unknown or not
    allowed. Carries what notify needs to send a clear reply in the person's language."""

    platform: str
    chat_id: str
    message_id: str
    sender_id: str
    reason: str = Field(description="reason code, e.g. unknown_command, wrong_role, bad_arguments")
    language: str = Field(pattern=r"^(zh|en)$")
    params: dict[str, str] = Field(default_factory=dict)
