"""The chat envelope: the public API any chat adapter speaks, whatever its platform.

- `chat.in.<platform>`: what people wrote (published by adapters, consumed by intake);
- `chat.out.<platform>`: what to send (published by notify only, consumed by adapters);
- `chat.receipt.<platform>`: whether it was delivered (published by adapters).
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from .keys import CORRELATION_ID_LIMIT, STORED_KEY_LIMIT, bounded_key

PLATFORM_PATTERN = r"^[a-z0-9_-]{1,32}$"
ID_PATTERN = r"^[^\x00-\x1f\x7f]+$"  # a platform's ids are printable: no NUL, no line breaks
# Characters of text in one message. With the other fields and JSON escapes (6 bytes at most
# per character) a message stays far below NATS's max_payload (1 MiB by default).
MAX_TEXT = 16_384
# The highest revision a message may carry: JSON-safe everywhere (2^53 - 1) and within the
# stores' 64-bit columns. Matrix's adapter uses an edit's timestamp in ms (~1.7e12).
MAX_REVISION = 2**53 - 1


def text_fields(text: str) -> dict[str, str | bool]:
    """What an adapter puts in `text` and `truncated`: a longer text is cut to MAX_TEXT and
    flagged, so intake can tell the person instead of acting on part of it."""
    return {"text": text[:MAX_TEXT], "truncated": len(text) > MAX_TEXT}


class ChatModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChatIn(ChatModel):
    """A message a person wrote in a chat, direct or group."""

    platform: str = Field(pattern=PLATFORM_PATTERN)
    chat_id: str = Field(min_length=1, max_length=256, pattern=ID_PATTERN)
    chat_type: Literal["direct", "group"]
    sender_id: str = Field(min_length=1, max_length=256, pattern=ID_PATTERN)
    sender_name: str | None = Field(default=None, max_length=256)
    message_id: str = Field(min_length=1, max_length=256, pattern=ID_PATTERN)
    revision: int = Field(default=0, ge=0, le=MAX_REVISION)
    text: str = Field(max_length=MAX_TEXT)
    truncated: bool = Field(default=False, description="the adapter cut a longer text to MAX_TEXT")
    sent_at: AwareDatetime
    reply_to: str | None = Field(default=None, max_length=256, pattern=ID_PATTERN)

    @property
    def dedupe_key(self) -> str:
        """Also the `Nats-Msg-Id` header: one effect per (platform, chat, message, revision)."""
        key = f"{self.platform}:{self.chat_id}:{self.message_id}:{self.revision}"
        return bounded_key(key, STORED_KEY_LIMIT)

    @property
    def correlation_id(self) -> str:
        """What every event and reply caused by this message carries as its correlation id."""
        return bounded_key(self.dedupe_key, CORRELATION_ID_LIMIT)


class ChatOut(ChatModel):
    """A message for an adapter to send; `message_id` is unique and keys the receipt."""

    platform: str = Field(pattern=PLATFORM_PATTERN)
    chat_id: str = Field(min_length=1, max_length=256)
    text: str = Field(max_length=MAX_TEXT)
    reply_to: str | None = None
    message_id: str = Field(min_length=1, max_length=64)
    correlation_id: str = Field(min_length=1, max_length=64)


# A failure that retrying cannot mend (`ChatReceipt.reason`).
FailedReason = Literal["blocked", "left", "chat_gone", "refused"]


class ChatReceipt(ChatModel):
    """An adapter's word on a `ChatOut`: delivered, or failed with the platform's error."""

    message_id: str = Field(min_length=1, max_length=64)
    status: Literal["delivered", "failed"]
    error: str | None = Field(default=None, max_length=2048)
    reason: FailedReason | None = Field(default=None, description=(
        "why a failed message can never be delivered (the person blocked the bot, the bot left "
        "or was removed, the chat is gone): notify does not try it again and lists it for the "
        "committee. None: a passing failure (timeout, rate limit), tried again later."))
