"""`/announce all|BUILDING TEXT`: the committee's words to every group chat of the audience.

The text is the committee's own and goes out as it was written, inside a short frame
(\u201c通报 / Announcement\u201d); it is a template variable, never a template.
"""

from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.intake import AnnouncementRequested
from shared.contracts.notify import AnnouncementPublished
from shared.runtime.tx import Tx

from ..db import directory
from ..routes import audience
from ..routes.model import route, say
from .broadcasts import broadcast
from .context import Notify
from .groupchats import COMMITTEE_ONLY
from .routed import handle


def on_announcement(ctx: Notify, tx: Tx, intent: AnnouncementRequested, envelope: Envelope) -> None:
    ctx.ensure_bulletin_timer(tx)
    if intent.actor.role != "committee":
        handle(ctx, COMMITTEE_ONLY, tx, intent, envelope)
        return
    groups = directory.groups(tx.conn, intent.audience)
    if not groups:
        handle(ctx, route(say("notify/announcement.no_groups", audience.reply)), tx, intent, envelope)
        return
    fields = {"text": intent.text, "audience": intent.audience}
    broadcast_id = broadcast(ctx, tx, kind="announcement", audience=intent.audience, by=intent.actor.person_id,
                             template="notify/announcement", params=lambda _lang: fields, groups=groups,
                             fallback_language=intent.actor.language)
    tx.emit(AnnouncementPublished(broadcast_id=broadcast_id, audience=intent.audience,
                                  by=intent.actor.person_id, groups=len(groups)))
    queued = {"broadcast_id": broadcast_id, "groups": len(groups)}
    handle(ctx, route(say("notify/announcement.queued", audience.reply), extra=lambda _p: queued),
           tx, intent, envelope)
