"""The read model of who is who and where they can be reached, from intake's events."""

from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.intake import IdentityBound, PersonRegistered
from shared.runtime.tx import Tx

from sqlalchemy import select

from ..db import directory
from ..db.directory import Recipient
from ..routes import audience
from ..routes.model import route, say
from ..tables import people
from .context import Notify
from .late import deliver_waiting, targets_of_person
from .routed import handle


def on_person(ctx: Notify, tx: Tx, payload: PersonRegistered, envelope: Envelope) -> None:
    """A roster entry, new or updated (a re-import sends everyone again)."""
    ctx.ensure_bulletin_timer(tx)
    directory.save_person(tx.conn, person_id=payload.person_id, name=payload.name, role=payload.role,
                          building=payload.building, room=payload.room, language=payload.language,
                          roles={r: payload.building_for(r) for r in payload.all_roles()})


def on_bound(ctx: Notify, tx: Tx, payload: IdentityBound, envelope: Envelope) -> None:
    """A chat identity speaks for a person now: remember its direct chat, then confirm."""
    directory.save_identity(tx.conn, platform=payload.platform, sender_id=payload.sender_id,
                            person_id=payload.person_id, direct_chat_id=payload.direct_chat_id, now=tx.now)
    who = tx.conn.execute(select(people.c.name, people.c.role, people.c.building, people.c.room)
                          .where(people.c.person_id == payload.person_id)).first()
    roles = directory.roles_of(tx.conn, payload.person_id)
    facts = {"name": who.name if who else payload.person_id, "role": "|".join(roles) if roles else None,
             "building": who.building if who else None, "room": who.room if who else None}
    handle(ctx, route(say("intake/identity.bound", audience.reply), extra=lambda _p: facts), tx, payload, envelope)
    if payload.direct_chat_id:
        language = directory.language_of(tx.conn, payload.person_id) or payload.language
        deliver_waiting(ctx, tx, targets_of_person(tx, payload.person_id),
                        Recipient(payload.platform, payload.direct_chat_id, language))
