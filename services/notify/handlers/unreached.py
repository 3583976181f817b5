"""The committee's list of notices that reached nobody: answered to the committee's bare
`/status` (beside what the other services say) and printed by `lastmile notices unreached`.

Each line says who it was for in words (a person's name and room, a building's groups), why
it did not reach them (no chat bound, no group registered, nobody on the roster there, the
platform refused it) and the notice's first words."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, select

from shared.contracts.envelope import Envelope
from shared.contracts.intake import StatusRequested
from shared.runtime.tx import Tx

from ..db import waiting
from ..render.texts import Texts
from ..routes import audience
from ..tables import people
from .context import Notify
from .sending import send

SHOWN = 15  # lines in a chat answer; the CLI prints them all
WHAT = 60  # characters of the notice shown


def is_committee(actor) -> bool:
    roles = getattr(actor, "roles", None) or (actor.role,)
    return "committee" in roles


def describe(conn: Connection, texts: Texts, language: str, target: str) -> str:
    """A target label (`person:R1`, `groups:3`) as the committee reads it."""
    kind, _, rest = target.partition(":")
    value = rest.split("/") if rest else []
    if kind == "person" and value:
        who = conn.execute(select(people.c.name, people.c.building, people.c.room)
                           .where(people.c.person_id == value[0])).first()
        if who is None:
            return value[0]
        return f"{who.name} {who.building}-{who.room}" if who.building and who.room else who.name
    if kind == "household" and len(value) == 2:
        return f"{value[0]}-{value[1]}"
    if kind == "role" and value:
        role = texts.word(language, "roles", value[0])
        return f"{texts.word(language, 'unreached', 'building').format(b=value[1])} {role}" if len(value) > 1 else role
    if kind == "groups" and value:
        key = "all_groups" if value[0] == "all" else "building_groups"
        return texts.word(language, "unreached", key).format(b=value[0])
    return target


def lines(conn: Connection, texts: Texts, language: str, rows: list[Row[Any]]) -> list[dict[str, Any]]:
    found = []
    for row in rows:
        text = waiting.texts_of(row)
        first = (text.get(language) or next(iter(text.values()), "")).strip().splitlines()
        what = first[0] if first else ""
        found.append({"at": row.created_at, "who": describe(conn, texts, language, row.target),
                      "reason": row.reason, "error": row.error,
                      "what": what if len(what) <= WHAT else what[:WHAT - 1] + "…"})
    return found


def on_status(ctx: Notify, tx: Tx, intent: StatusRequested, envelope: Envelope) -> None:
    """The committee's bare `/status`: the unreached list (other services answer the rest)."""
    if intent.target or not is_committee(intent.actor):
        return
    rows = waiting.unreached(tx.conn, tx.now, limit=SHOWN)
    total = waiting.count_unreached(tx.conn, tx.now) if len(rows) == SHOWN else len(rows)
    send(ctx, tx, template="notify/unreached", target=audience.reply(intent),
         params=lambda language: {"items": lines(tx.conn, ctx.texts, language, rows), "total": total},
         key=f"{envelope.id}:unreached", fallback_language=intent.actor.language)
