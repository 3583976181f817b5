"""Broadcasts to group chats (announcements, the bulletin) and their reach report: which
building groups got it (a delivered receipt) and which did not, sent to the committee when
every group answered, or at the time-out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from shared.contracts.notify import BroadcastReported, GroupReach
from shared.runtime.timers import Timer
from shared.runtime.tx import Tx

from ..db import bulletins, notices
from ..db.directory import Recipient
from ..routes.model import Target
from .context import Notify
from .sending import Params, send

REPORT_TIMER = "notify.report"
COMMITTEE = Target("role", value=("committee",))


def broadcast(ctx: Notify, tx: Tx, *, kind: str, audience: str, by: str | None, template: str,
              params: Params, groups: list[Recipient], fallback_language: str) -> str:
    """Queue `template` to each group chat as one broadcast; its report follows."""
    broadcast_id = bulletins.new_broadcast(tx.conn, kind=kind, audience=audience, by=by, now=tx.now)
    send(ctx, tx, template=template, target=Target("groups", value=(audience,)), params=params,
         key=f"broadcast:{broadcast_id}", fallback_language=fallback_language, broadcast_id=broadcast_id,
         recipients=groups)
    due = tx.now + timedelta(minutes=ctx.settings.notify_report_after_minutes)
    tx.schedule(REPORT_TIMER, broadcast_id, due, {"broadcast_id": broadcast_id})
    return broadcast_id


def maybe_report(ctx: Notify, tx: Tx, broadcast_id: str, *, timed_out: bool = False) -> bool:
    """Report once every group answered (or at the time-out, with the silent ones missed)."""
    found = bulletins.get_broadcast(tx.conn, broadcast_id)
    if found is None or found.reported_at is not None:
        return False
    rows = notices.of_broadcast(tx.conn, broadcast_id)
    waiting = [r for r in rows if r.status not in (notices.DELIVERED, notices.MISSED)]
    if waiting and not timed_out:
        return False
    bulletins.mark_reported(tx.conn, broadcast_id, tx.now)
    tx.cancel(REPORT_TIMER, broadcast_id)
    reach = {"reached": [], "missed": []}
    for row in rows:
        side = "reached" if row.status == notices.DELIVERED else "missed"
        reach[side].append(GroupReach(platform=row.platform, chat_id=row.chat_id, audience=row.audience or "all"))
    report = BroadcastReported(broadcast_id=broadcast_id, kind=found.kind, audience=found.audience,
                               reported_at=tx.now, complete=not waiting, **reach)
    tx.emit(report)
    params: dict[str, Any] = report.model_dump()
    send(ctx, tx, template="notify/broadcast.reported", target=COMMITTEE, params=lambda _lang: params,
         key=f"report:{broadcast_id}", fallback_language=ctx.settings.notify_default_language)
    return True


def on_report_timer(ctx: Notify, tx: Tx, timer: Timer) -> None:
    maybe_report(ctx, tx, timer.data["broadcast_id"], timed_out=True)
