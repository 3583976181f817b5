"""The daily bulletin (每日通报): the committee's added lines, and the post itself at the
configured hour, from the figures counted as events came in.

Once per day whatever happens: the stored timer fires once, and the post is recorded in
`bulletins` (keyed by date) in the same transaction; a day already posted is never posted
again, even if a timer for it were set anew.
"""

from __future__ import annotations

from datetime import date

from shared.contracts.envelope import Envelope
from shared.contracts.intake import BulletinAdditionRequested
from shared.contracts.notify import BulletinPublished
from shared.runtime.timers import Timer
from shared.runtime.tx import Tx

from ..db import bulletins, counts, directory
from ..domain import figures
from ..domain.days import STANDING, bulletin_day, bulletin_due
from ..routes import audience
from ..routes.model import Target, route, say
from .broadcasts import broadcast
from .context import BULLETIN_KEY, BULLETIN_TIMER, Notify
from .groupchats import COMMITTEE_ONLY
from .routed import handle
from .sending import send


def on_addition(ctx: Notify, tx: Tx, intent: BulletinAdditionRequested, envelope: Envelope) -> None:
    ctx.ensure_bulletin_timer(tx)
    if intent.actor.role != "committee":
        handle(ctx, COMMITTEE_ONLY, tx, intent, envelope)
        return
    day = bulletin_day(tx.now, ctx.tz, ctx.settings.bulletin_hour)
    bulletins.add_line(tx.conn, day=day, text=intent.text, person_id=intent.actor.person_id, now=tx.now)
    handle(ctx, route(say("notify/bulletin.line_added", audience.reply), extra=lambda _p: {"day": day}),
           tx, intent, envelope)


def compose(tx: Tx, day: date) -> tuple[dict[str, int], list[str]]:
    return (figures.complete(counts.of_day(tx.conn, day), counts.of_day(tx.conn, STANDING)),
            bulletins.lines_of(tx.conn, day))


def on_bulletin_timer(ctx: Notify, tx: Tx, timer: Timer) -> None:
    day = date.fromisoformat(timer.data["day"])
    next_day = date.fromordinal(day.toordinal() + 1)
    tx.schedule(BULLETIN_TIMER, BULLETIN_KEY, bulletin_due(next_day, ctx.tz, ctx.settings.bulletin_hour),
                {"day": next_day.isoformat()})
    if bulletins.posted(tx.conn, day) is not None:
        return
    post(ctx, tx, day)


def post(ctx: Notify, tx: Tx, day: date) -> None:
    found, additions = compose(tx, day)
    fields = {"day": day, "figures": found, "order": list(figures.ALL), "additions": additions}
    groups = directory.groups(tx.conn, "all")
    language = ctx.settings.notify_default_language
    if groups:
        broadcast_id = broadcast(ctx, tx, kind="bulletin", audience="all", by=None, template="notify/bulletin",
                                 params=lambda _lang: fields, groups=groups, fallback_language=language)
    else:  # no group registered yet: the committee still gets it
        broadcast_id = bulletins.new_broadcast(tx.conn, kind="bulletin", audience="committee", by=None, now=tx.now)
        send(ctx, tx, template="notify/bulletin", target=Target("role", value=("committee",)),
             params=lambda _lang: fields, key=f"bulletin:{day.isoformat()}", fallback_language=language)
    bulletins.record_posted(tx.conn, day=day, broadcast_id=broadcast_id, figures=found, additions=additions,
                            now=tx.now)
    tx.emit(BulletinPublished(day=day, broadcast_id=broadcast_id, figures=found, additions=additions,
                              groups=len(groups)))
