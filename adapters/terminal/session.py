"""One person's terminal chat: lines typed → `chat.in.terminal`; `chat.out.terminal` for
this chat → printed, receipted, acked. Only the envelope, no idea what a message means."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Awaitable, Callable

from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pydantic import ValidationError

from shared.contracts import streams, subjects
from shared.contracts.chat import ChatIn, ChatOut, ChatReceipt, text_fields
from shared.contracts.envelope import new_id

from ..envelope import publish_in, publish_receipt

PLATFORM = "terminal"


class TerminalSession:
    def __init__(self, js, *, sender_id: str, chat_id: str | None = None, group: bool = False):
        self.js = js
        self.sender_id = sender_id
        self.chat_id = chat_id or f"dm-{sender_id}"
        self.chat_type = "group" if group else "direct"

    async def send(self, text: str) -> ChatIn:
        message = ChatIn(platform=PLATFORM, chat_id=self.chat_id, chat_type=self.chat_type,
                         sender_id=self.sender_id, message_id=new_id(), **text_fields(text),
                         sent_at=datetime.now(timezone.utc))
        await publish_in(self.js, message)
        return message

    async def listen(self, show: Callable[[ChatOut], Awaitable[None] | None]):
        """Subscribe to what is sent from now on; each terminal sees only its own chat."""

        async def on_message(msg) -> None:
            try:
                out = ChatOut.model_validate_json(msg.data)
            except ValidationError:
                await msg.ack()
                return
            if out.chat_id == self.chat_id:
                shown = show(out)
                if shown is not None:
                    await shown
                await publish_receipt(self.js, PLATFORM, ChatReceipt(message_id=out.message_id, status="delivered"))
            await msg.ack()

        config = ConsumerConfig(deliver_policy=DeliverPolicy.NEW, ack_policy=AckPolicy.EXPLICIT)
        return await self.js.subscribe(subjects.chat_out(PLATFORM), stream=streams.CHAT_OUT.name,
                                       cb=on_message, config=config)
