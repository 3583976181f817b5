"""What adapters left in the chat streams, read back for assertions."""

from __future__ import annotations

import json

from shared.contracts.chat import ChatIn
from shared.contracts.streams import CHAT_IN, CHAT_RECEIPT

from .waiting import stream_messages


async def chat_in(js, platform: str) -> list[tuple[str, ChatIn]]:
    """(Nats-Msg-Id, message) of every chat.in.<platform> message in the stream, in order."""
    found = []
    for msg in await stream_messages(js, CHAT_IN.name):
        if msg.subject == f"chat.in.{platform}":
            found.append((msg.headers["Nats-Msg-Id"], ChatIn.model_validate_json(msg.data)))
    return found


async def receipts(js, platform: str) -> list[dict]:
    return [json.loads(m.data) for m in await stream_messages(js, CHAT_RECEIPT.name)
            if m.subject == f"chat.receipt.{platform}"]
