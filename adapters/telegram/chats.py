"""Which Telegram chat a lastmile `chat_id` is, and back: forum topics and upgraded groups.

- A forum topic is a chat of its own for lastmile: `<chat id>/<message_thread_id>`, so a
  building's topic can be registered with `群登记 3` and every reply and notice lands in it.
- A basic group upgraded to a supergroup gets a new id (Bot API: `migrate_to_chat_id` in the
  old chat, `migrate_from_chat_id` in the new one). lastmile keeps the old id — the one its
  group registration, pending notices and reach reports know — and the adapter sends to the
  new one. The supergroup numbers its messages afresh, so their ids are published as
  `<new chat id>:<message id>`: a key of the old group's can never be reused (it would be
  dropped as a duplicate). The map is a small file saved before the offset that read it;
  should it be lost, the Bot API's answer to a send to the old id (400 with
  `migrate_to_chat_id`) teaches it again.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..position import Position


class Chats:
    def __init__(self, path: Path):
        self._file = Position(path)
        saved = self._file.load()
        self._old_of: dict[str, str] = json.loads(saved) if saved else {}  # new id → the id lastmile knows
        self._new_of = {old: new for new, old in self._old_of.items()}

    def moved(self, old: int | str, new: int | str) -> bool:
        """Record an upgrade (idempotent); True when it was news."""
        old, new = self._old_of.get(str(old), str(old)), str(new)  # upgraded twice: still the first id
        if self._old_of.get(new) == old:
            return False
        self._old_of[new] = old
        self._new_of[old] = new
        self._file.save(json.dumps(self._old_of, sort_keys=True))
        return True

    def lastmile_chat(self, chat_id: int, thread: int | None) -> str:
        known = self._old_of.get(str(chat_id), str(chat_id))
        return f"{known}/{thread}" if thread else known

    def lastmile_message(self, chat_id: int, message_id: int) -> str:
        return f"{chat_id}:{message_id}" if str(chat_id) in self._old_of else str(message_id)

    def telegram_chat(self, chat_id: str) -> tuple[str, int | None]:
        """(the chat to send to, the forum topic or None) for a lastmile chat id."""
        chat, _, thread = chat_id.partition("/")
        return self._new_of.get(chat, chat), int(thread) if thread else None


def telegram_message(message_id: str) -> int:
    """The Telegram message id inside a lastmile one (`57` or `-100123:57`); ValueError if none."""
    return int(message_id.rpartition(":")[2])

