"""intake's handlers: chat messages in, intents or rejections out."""

from __future__ import annotations

from shared.contracts.chat import ChatIn
from shared.contracts.intake import ChatRef, MessageRejected
from shared.runtime.incoming import Incoming
from shared.runtime.tx import Tx


def guess_language(text: str) -> str:
    """Chinese if the text has any CJK character, else English."""
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


def chat_ref(message: ChatIn) -> ChatRef:
    return ChatRef(platform=message.platform, chat_id=message.chat_id, chat_type=message.chat_type,
                   sender_id=message.sender_id, message_id=message.message_id, revision=message.revision)


def handle_chat(tx: Tx, incoming: Incoming[ChatIn]) -> None:
    message = incoming.payload
    tx.correlation_id = incoming.key
    tx.emit(MessageRejected(chat=chat_ref(message), language=guess_language(message.text),
                            reason="unknown_command", params={"hint": "/help"}))
