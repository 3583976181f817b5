"""The dispatcher: releases queued notices of one chat into the outbox as fast as the chat's
and the platform's token buckets allow, and sets a stored timer for the rest.

Called when a notice is queued (most replies leave at once) and by the timer
`notify.dispatch` (one per chat with a backlog), so a queue survives any restart.
"""

from __future__ import annotations

import hashlib

from shared.contracts import subjects
from shared.contracts.chat import ChatOut
from shared.runtime.timers import Timer
from shared.runtime.tx import Tx

from ..db import notices, pacing
from ..domain.ids import message_id
from ..domain.pacing import allowance, next_allowed
from .context import Notify

DISPATCH_TIMER = "notify.dispatch"


def timer_key(platform: str, chat_id: str) -> str:
    return hashlib.sha1(f"{platform}\x1f{chat_id}".encode()).hexdigest()


def release(ctx: Notify, tx: Tx, platform: str, chat_id: str) -> int:
    """Send what the limits allow now; schedule the next round if anything waits."""
    limit = ctx.limit(platform)
    scopes = [pacing.chat_scope(platform, chat_id), pacing.platform_scope(platform)]
    buckets = [pacing.load(tx.conn, scopes[0], now=tx.now, rate=limit.chat_per_minute / 60, burst=limit.chat_burst),
               pacing.load(tx.conn, scopes[1], now=tx.now, rate=limit.platform_per_second,
                           burst=limit.platform_burst)]
    room = allowance(buckets)
    rows = notices.due(tx.conn, platform, chat_id, tx.now, room) if room > 0 else []
    for row in rows:
        out = ChatOut(platform=platform, chat_id=chat_id, text=row.text, reply_to=row.reply_to,
                      message_id=message_id(row.id, row.attempts + 1), correlation_id=row.correlation_id)
        tx.send_raw(subject=subjects.chat_out(platform), msg_id=out.message_id, body=out.model_dump_json().encode())
    if rows:
        notices.mark_sent(tx.conn, [row.id for row in rows], tx.now)
        buckets = [bucket.take(len(rows)) for bucket in buckets]
        for scope, bucket in zip(scopes, buckets):
            pacing.save(tx.conn, scope, bucket)
    _plan_next(tx, platform, chat_id, next_allowed(buckets))
    return len(rows)


def _plan_next(tx: Tx, platform: str, chat_id: str, allowed_at) -> None:
    waiting_since = notices.earliest_queued(tx.conn, platform, chat_id)
    key = timer_key(platform, chat_id)
    if waiting_since is None:
        tx.cancel(DISPATCH_TIMER, key)
        return
    tx.schedule(DISPATCH_TIMER, key, max(waiting_since, allowed_at, tx.now),
                {"platform": platform, "chat_id": chat_id})


def on_dispatch_timer(ctx: Notify, tx: Tx, timer: Timer) -> None:
    release(ctx, tx, timer.data["platform"], timer.data["chat_id"])
