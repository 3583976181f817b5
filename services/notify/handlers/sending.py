"""Turning a decision to tell someone something into stored notices, one per chat.

Each notice is rendered in its recipient's language, stored with a dedupe key (so a
re-handled event queues nothing twice) and offered to the dispatcher at once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Callable

from sqlalchemy import Connection, select

from shared.contracts.envelope import new_id
from shared.runtime.tx import Tx

from ..db import directory, notices, waiting
from ..db.directory import Recipient
from ..render.texts import LANGUAGES
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
    if target.kind == "housemates":  # (building, room, the person who asked)
        building, room, asker = target.value
        return directory.direct_chats(conn, people.c.building == building, people.c.room == room,
                                      people.c.person_id != asker, fallback_language=fallback_language)
    if target.kind == "role":  # (role,) or (role, building)
        return directory.direct_chats(conn, directory.with_role(*target.value), fallback_language=fallback_language)
    if target.kind == "groups":
        return directory.groups(conn, target.value[0])
    raise ValueError(f"unknown audience {target.kind}")


def addressed(conn: Connection, target: Target) -> str:
    """`@张伟 ` before a reply in a group chat, so everyone there sees whom it answers."""
    chat = target.chat
    if target.kind != "reply" or chat is None or chat.chat_type != "group":
        return ""
    name = directory.name_of_sender(conn, chat.platform, chat.sender_id)
    return f"@{name} " if name else ""


def correlation(tx: Tx) -> str:
    return tx.correlation_id or (tx.cause.correlation_id if tx.cause else None) or new_id()


def send(ctx: Notify, tx: Tx, *, template: str, target: Target, params: Params, key: str,
         fallback_language: str, broadcast_id: str | None = None,
         recipients: list[Recipient] | None = None, lasts: str | None = None) -> list[Recipient]:
    """Queue `template` for everyone `target` reaches; returns who that was. Nobody: the
    notice waits for them (`park`)."""
    found = recipients if recipients is not None else resolve(tx.conn, target, fallback_language)
    if not found and target.kind == "housemates":
        return []  # the asker lives alone, or their housemates have no chat: they hear it as the asker's
    if not found or (lasts and target.kind == "groups"):  # a group registered later still gets it
        park(ctx, tx, template=template, target=target, params=params, key=f"{key}:{target.label}",
             fallback_language=fallback_language, lasts=lasts, reached=bool(found))
    if not found:
        return []
    rendered: dict[str, str] = {}
    addressee = addressed(tx.conn, target)
    for to in found:
        if to.language not in rendered:
            rendered[to.language] = addressee + ctx.texts.render(template, to.language, **params(to.language))
        queued = notices.queue(tx.conn, dedupe_key=f"{key}:{to.platform}:{to.chat_id}", to=to,
                               text=rendered[to.language], template=template, correlation_id=correlation(tx),
                               now=tx.now, broadcast_id=broadcast_id)
        if queued:
            offer(ctx, tx, to.platform, to.chat_id)
    return found


def park(ctx: Notify, tx: Tx, *, template: str, target: Target, params: Params, key: str,
         fallback_language: str, lasts: str | None, reached: bool = False) -> None:
    """Nobody to send it to yet: recorded (`unreachable`, counted) and kept, in every
    language, on the committee's list until its person binds or its group is registered.
    `reached`: a group notice some groups got, kept (off the list) for groups registered later."""
    texts = {language: ctx.texts.render(template, language, **params(language)) for language in LANGUAGES}
    if not reached:
        notices.record_unreachable(tx.conn, dedupe_key=key, who=target.label, template=template,
                                   text=texts[fallback_language], correlation_id=correlation(tx), now=tx.now)
    reason = waiting.STANDING if reached else why_unreachable(tx.conn, target)
    if reason == "no_one_in_role":
        return  # nobody will ever bind for it (no volunteer on the roster): counted, not listed
    expires_at = None if lasts else tx.now + timedelta(hours=ctx.settings.notify_waiting_hours)
    waiting.record(tx.conn, dedupe_key=key, target=target.label, template=template, texts=texts,
                   reason=reason, correlation_id=correlation(tx), now=tx.now, lasts=lasts, expires_at=expires_at)


def why_unreachable(conn: Connection, target: Target) -> str:
    """In the committee's words: nobody there at all, or somebody who has not bound a chat."""
    if target.kind == "groups":
        return "no_group"
    if target.kind == "person":
        known = select(people.c.person_id).where(people.c.person_id == target.value[0])
        return "not_bound" if conn.execute(known).first() else "unknown_person"
    if target.kind == "household":
        building, room = target.value
        lives = select(people.c.person_id).where(people.c.building == building, people.c.room == room)
        return "not_bound" if conn.execute(lives.limit(1)).first() else "no_household"
    if target.kind == "role":
        holds = select(people.c.person_id).where(directory.with_role(*target.value))
        return "not_bound" if conn.execute(holds.limit(1)).first() else "no_one_in_role"
    return "not_bound"
