"""Turning a decision to tell someone something into stored notices, one per chat.

Each notice is rendered in its recipient's language, stored with a dedupe key (so a
re-handled event queues nothing twice) and offered to the dispatcher at once.
"""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import Connection

from shared.contracts.envelope import new_id
from shared.runtime.tx import Tx

from ..db import directory, notices
from ..db.directory import Recipient
from ..routes.model import Target
from ..tables import people
from .context import Notify
from .dispatch import offer

Params = Callable[[str], dict[str, Any]]


def resolve(conn: Connection, target: Target, fallback_language: str) -> list[Recipient]:
    if target.kind == "reply":
        chat = target.chat
        language = directory.language_of_sender(conn, chat.platform, chat.sender_id) or fallback_language
        return [Recipient(chat.platform, chat.chat_id, language, reply_to=chat.message_id)]
    if target.kind == "person":
        return directory.direct_chats(conn, people.c.person_id == target.value[0], fallback_language=fallback_language)
    if target.kind == "household":
        building, room = target.value
        return directory.direct_chats(conn, people.c.building == building, people.c.room == room,
                                      fallback_language=fallback_language)
    if target.kind == "role":  # (role,) or (role, building)
        within = [people.c.building == target.value[1]] if len(target.value) > 1 else []
        return directory.direct_chats(conn, people.c.role == target.value[0], *within,
                                      fallback_language=fallback_language)
    if target.kind == "groups":
        return directory.groups(conn, target.value[0])
    raise ValueError(f"unknown audience {target.kind}")


def correlation(tx: Tx) -> str:
    return tx.correlation_id or (tx.cause.correlation_id if tx.cause else None) or new_id()


def send(ctx: Notify, tx: Tx, *, template: str, target: Target, params: Params, key: str,
         fallback_language: str, broadcast_id: str | None = None,
         recipients: list[Recipient] | None = None) -> list[Recipient]:
    """Queue `template` for everyone `target` reaches; returns who that was."""
    found = recipients if recipients is not None else resolve(tx.conn, target, fallback_language)
    if not found:
        text = ctx.texts.render(template, fallback_language, **params(fallback_language))
        notices.record_unreachable(tx.conn, dedupe_key=f"{key}:{target.label}", who=target.label,
                                   template=template, text=text, correlation_id=correlation(tx), now=tx.now)
        return []
    rendered: dict[str, str] = {}
    for to in found:
        if to.language not in rendered:
            rendered[to.language] = ctx.texts.render(template, to.language, **params(to.language))
        queued = notices.queue(tx.conn, dedupe_key=f"{key}:{to.platform}:{to.chat_id}", to=to,
                               text=rendered[to.language], template=template, correlation_id=correlation(tx),
                               now=tx.now, broadcast_id=broadcast_id)
        if queued:
            offer(ctx, tx, to.platform, to.chat_id)
    return found
