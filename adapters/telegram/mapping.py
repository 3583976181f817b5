"""Telegram updates ↔ the chat envelope. Pure functions: no network, no state.

- `message` → a `ChatIn` (`chat_id` = the chat's id, `message_id` = the message's id,
  `sender_id` = the user's id; a private chat is `direct`, a group or supergroup `group`);
- `edited_message` → the same `message_id` with `revision` = the update's `update_id`.
  Telegram numbers updates in increasing order and hands a replayed update the same id, so
  later edits are higher and a replay keeps its dedupe key. (`edit_date` has one-second
  resolution: two quick edits would share a revision and the second would be dropped.)
- channel posts and messages without text or caption are skipped.
"""

from __future__ import annotations

from telegram import Message, Update

from shared.contracts.chat import ChatIn, text_fields

PLATFORM = "telegram"
CHAT_TYPES = {"private": "direct", "group": "group", "supergroup": "group"}
LIMIT = 4096  # Telegram's longest text message


def _sender(message: Message) -> tuple[str, str | None] | None:
    if message.from_user:
        return str(message.from_user.id), message.from_user.full_name
    if message.sender_chat:  # an anonymous group admin speaks as the group
        return str(message.sender_chat.id), message.sender_chat.title
    return None


def to_chat_in(update: Update) -> ChatIn | None:
    message = update.message or update.edited_message
    if message is None or message.chat.type not in CHAT_TYPES:
        return None
    text, sender = message.text or message.caption, _sender(message)
    if text is None or sender is None:
        return None
    return ChatIn(
        platform=PLATFORM, chat_id=str(message.chat.id), chat_type=CHAT_TYPES[message.chat.type],
        sender_id=sender[0], sender_name=sender[1], message_id=str(message.message_id),
        revision=update.update_id if update.edited_message else 0, **text_fields(text),
        sent_at=message.date,
        reply_to=str(message.reply_to_message.message_id) if message.reply_to_message else None,
    )


def chunks(text: str, size: int = LIMIT) -> list[str]:
    """A long message as Telegram-sized parts, split at line ends where it can be."""
    parts = []
    while len(text) > size:
        cut = text.rfind("\n", 0, size) + 1 or size
        parts.append(text[:cut])
        text = text[cut:]
    return parts + [text] if text or not parts else parts
