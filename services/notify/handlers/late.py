"""Sending what waited: when a person binds a direct chat, or a group chat is registered,
the notices that reached nobody for them go to that chat, each marked with when it was
first meant to go out (the person should know it is not news of this minute)."""

from __future__ import annotations

from sqlalchemy import select

from shared.runtime.tx import Tx

from ..db import notices, waiting
from ..db.directory import Recipient
from ..routes.model import Target
from ..tables import people, person_roles
from .context import Notify
from .dispatch import offer


def targets_of_person(tx: Tx, person_id: str) -> list[str]:
    """Every target a notice to this person may have been addressed to."""
    home = tx.conn.execute(select(people.c.building, people.c.room).where(people.c.person_id == person_id)).first()
    found = [Target("person", value=(person_id,))]
    if home is not None and home.building and home.room:
        found.append(Target("household", value=(home.building, home.room)))
    for role, building in tx.conn.execute(select(person_roles.c.role, person_roles.c.building)
                                          .where(person_roles.c.person_id == person_id)):
        found.append(Target("role", value=(role,)))
        if building:
            found.append(Target("role", value=(role, building)))
    return [t.label for t in found]


def targets_of_group(audience: str) -> list[str]:
    """A building's group takes that building's notices; any group takes those for all."""
    return [Target("groups", value=(value,)).label for value in dict.fromkeys((audience, "all"))]


def deliver_waiting(ctx: Notify, tx: Tx, targets: list[str], to: Recipient) -> int:
    """Queue each still-worthwhile waiting notice of these targets to `to`; returns how many."""
    rows = superseded_settled(tx, waiting.open_for(tx.conn, targets, tx.now))
    for row in rows:
        first_key = row.dedupe_key.removesuffix(f":{row.target}")
        if notices.exists(tx.conn, f"{first_key}:{to.platform}:{to.chat_id}"):
            continue  # this chat had it the first time (a group registered again)
        texts = waiting.texts_of(row)
        text = texts.get(to.language) or next(iter(texts.values()))
        framed = ctx.texts.render("notify/late", to.language, text=text, at=row.created_at)
        if notices.queue(tx.conn, dedupe_key=f"{first_key}:late:{to.platform}:{to.chat_id}", to=to,
                         text=framed, template=row.template, correlation_id=row.correlation_id, now=tx.now):
            offer(ctx, tx, to.platform, to.chat_id)
    for_groups = [row.id for row in rows if row.target.startswith("groups:")]
    waiting.mark_delivered(tx.conn, for_groups)  # every group registered while it lasts gets it
    waiting.settle(tx.conn, [row.id for row in rows if row.id not in for_groups], waiting.DELIVERED, tx.now)
    return len(rows)


def superseded_settled(tx: Tx, rows: list) -> list:
    """Of the notices about one thing for one target (a rack notice, then its reminders),
    only the newest is sent; the older are settled stale."""
    newest = {(row.lasts, row.target): row.id for row in rows if row.lasts}
    old = [row.id for row in rows if row.lasts and newest[(row.lasts, row.target)] != row.id]
    waiting.settle(tx.conn, old, waiting.STALE, tx.now)
    return [row for row in rows if row.id not in old]
