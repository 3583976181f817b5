"""Telegram updates ↔ the chat envelope. Pure functions: no network; the chat map is passed in.

- `message` → a `ChatIn` (`chat_id` = the chat's id, `<chat>/<topic>` in a forum topic, the
  first id of a group upgraded to a supergroup — see chats.py; `message_id` = the message's
  id; `sender_id` = the user's id; a private chat is `direct`, a group or supergroup `group`);
- `edited_message` → the same `message_id` with `revision` = the update's `update_id`.
  Telegram numbers updates in increasing order and hands a replayed update the same id, so
  later edits are higher and a replay keeps its dedupe key. (`edit_date` has one-second
  resolution: two quick edits would share a revision and the second would be dropped.)
- A command addressed to another bot (`/status@otherbot`) is not for lastmile: skipped. A
  leading mention of this bot (`@lastmile_bot 接龙 GB1 2`, how people talk to a bot in a
  group under privacy mode) is taken off, so the rest reads as typed.
- channel posts and messages without text or caption are skipped.
"""

from __future__ import annotations

import re

from telegram import Message, Update

from shared.contracts.chat import ChatIn, text_fields

from .chats import Chats

PLATFORM = "telegram"
CHAT_TYPES = {"private": "direct", "group": "group", "supergroup": "group"}
LIMIT = 4096  # Telegram's longest text message (Bot API, sendMessage: 1-4096 characters)
COMMAND_TO = re.compile(r"^[/／][^\s@]+@(\w+)")


def _sender(message: Message) -> tuple[str, str | None] | None:
    if message.from_user:
        return str(message.from_user.id), message.from_user.full_name
    if message.sender_chat:  # an anonymous group admin speaks as the group
        return str(message.sender_chat.id), message.sender_chat.title
    return None


def for_another_bot(text: str, username: str) -> bool:
    addressed = COMMAND_TO.match(text)
    return bool(addressed) and addressed.group(1).lower() != username.lower()


def without_mention(text: str, username: str) -> str:
    mention = f"@{username}".lower()
    if text[: len(mention)].lower() == mention:
        return text[len(mention):].lstrip(" \t:,，：")
    return text


def migration(update: Update) -> tuple[int, int] | None:
    """(old chat id, new chat id) when the update tells of a group upgraded to a supergroup."""
    message = update.message
    if message and message.migrate_to_chat_id:
        return message.chat.id, message.migrate_to_chat_id
    if message and message.migrate_from_chat_id:
        return message.migrate_from_chat_id, message.chat.id
    return None


def to_chat_in(update: Update, *, username: str, chats: Chats) -> ChatIn | None:
    message = update.message or update.edited_message
    if message is None or message.chat.type not in CHAT_TYPES:
        return None
    text, sender = message.text or message.caption, _sender(message)
    if text is None or sender is None or for_another_bot(text, username):
        return None
    chat = message.chat.id
    topic = message.message_thread_id if message.is_topic_message else None
    reply = message.reply_to_message
    # In a forum, a message that starts a thread "replies" to the topic's creation message.
    reply_to = reply.message_id if reply and not (topic and reply.message_id == topic) else None
    return ChatIn(
        platform=PLATFORM, chat_id=chats.lastmile_chat(chat, topic), chat_type=CHAT_TYPES[message.chat.type],
        sender_id=sender[0], sender_name=sender[1], message_id=chats.lastmile_message(chat, message.message_id),
        revision=update.update_id if update.edited_message else 0, **text_fields(without_mention(text, username)),
        sent_at=message.date,
        reply_to=chats.lastmile_message(chat, reply_to) if reply_to else None,
    )


def chunks(text: str, size: int = LIMIT) -> list[str]:
    """A long message as Telegram-sized parts, split at line ends where it can be."""
    parts = []
    while len(text) > size:
        cut = text.rfind("\n", 0, size) + 1 or size
        parts.append(text[:cut])
        text = text[cut:]
    return parts + [text] if text or not parts else parts
