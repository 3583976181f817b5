"""The chat envelope: the public API any chat adapter speaks, whatever its platform.

- `chat.in.<platform>`: what people wrote (published by adapters, consumed by intake);
- `chat.out.<platform>`: what to send (published by notify only, consumed by adapters);
- `chat.receipt.<platform>`: whether it was delivered (published by adapters).
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

PLATFORM_PATTERN = r"^[a-z0-9_-]{1,32}$"
MAX_TEXT = 16_384


class ChatModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChatIn(ChatModel):
    """A message a person wrote in a chat, direct or group."""

    platform: str = Field(pattern=PLATFORM_PATTERN)
    chat_id: str = Field(min_length=1, max_length=256)
    chat_type: Literal["direct", "group"]
    sender_id: str = Field(min_length=1, max_length=256)
    sender_name: str | None = Field(default=None, max_length=256)
    message_id: str = Field(min_length=1, max_length=256)
    revision: int = Field(default=0, ge=0)
    text: str = Field(max_length=MAX_TEXT)
    sent_at: AwareDatetime
    reply_to: str | None = Field(default=None, max_length=256)

    @property
    def dedupe_key(self) -> str:
        """Also the `Nats-Msg-Id` header: one effect per (platform, chat, message, revision)."""
        return f"{self.platform}:{self.chat_id}:{self.message_id}:{self.revision}"


class ChatOut(ChatModel):
    """A message for an adapter to send; `message_id` is unique and keys the receipt."""

    platform: str = Field(pattern=PLATFORM_PATTERN)
    chat_id: str = Field(min_length=1, max_length=256)
    text: str = Field(max_length=MAX_TEXT)
    reply_to: str | None = None
    message_id: str = Field(min_length=1, max_length=64)
    correlation_id: str = Field(min_length=1, max_length=64)


class ChatReceipt(ChatModel):
    """An adapter's word on a `ChatOut`: delivered, or failed with the platform's error."""

    message_id: str = Field(min_length=1, max_length=64)
    status: Literal["delivered", "failed"]
    error: str | None = Field(default=None, max_length=2048)
