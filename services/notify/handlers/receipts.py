"""Adapters' receipts: a delivered notice is done; a failed one is tried again after a
back-off (a stored due time) and, after the last attempt or when the platform says it never
can be delivered (`reason`: blocked, left, chat_gone), reported missed and listed for the
committee."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from shared.contracts.chat import ChatReceipt
from shared.contracts.notify import NoticeMissed
from shared.runtime.incoming import Incoming
from shared.runtime.tx import Tx

from ..db import notices, waiting
from ..render.texts import LANGUAGES
from ..routes.model import Target
from ..tables import group_chats, identities
from ..domain.ids import parse_message_id
from .broadcasts import maybe_report
from .context import Notify
from .dispatch import offer


def receipt_key(receipt: ChatReceipt) -> str:
    return f"{receipt.message_id}:{receipt.status}"


def on_receipt(ctx: Notify, tx: Tx, incoming: Incoming[ChatReceipt]) -> None:
    receipt = incoming.payload
    ids = parse_message_id(receipt.message_id)
    row = notices.get(tx.conn, ids[0]) if ids else None
    if row is None or row.status in (notices.DELIVERED, notices.MISSED):
        return  # not ours, or already settled (a late copy)
    if receipt.status == "delivered":
        notices.mark_delivered(tx.conn, row.id, tx.now)
    elif ids[1] != row.attempts or row.status != notices.SENT:
        return  # the failure of an earlier attempt: a newer one is under way
    else:
        failed(ctx, tx, row, receipt.error, receipt.reason)
    if row.broadcast_id:
        maybe_report(ctx, tx, row.broadcast_id)


def failed(ctx: Notify, tx: Tx, row, error: str | None, reason: str | None = None) -> None:
    """A passing failure is tried again after its back-off; one with a `reason` (blocked,
    left, the chat gone) or past the last attempt is missed, and on the committee's list."""
    retry_at = None if reason else ctx.retry_at(row.failures + 1, tx.now)
    notices.mark_failed(tx.conn, row.id, error=error, retry_at=retry_at, now=tx.now)
    if retry_at is not None:
        offer(ctx, tx, row.platform, row.chat_id)
        return
    tx.emit(NoticeMissed(notice_id=str(row.id), platform=row.platform, chat_id=row.chat_id,
                         template=row.template, attempts=row.attempts, error=error,
                         broadcast_id=row.broadcast_id))
    waiting.record(tx.conn, dedupe_key=f"missed:{row.id}", target=target_of_chat(tx, row.platform, row.chat_id),
                   template=row.template, texts={language: row.text for language in LANGUAGES},
                   reason=reason or "failed", error=error, correlation_id=row.correlation_id, now=tx.now,
                   expires_at=tx.now + timedelta(hours=ctx.settings.notify_waiting_hours))


def target_of_chat(tx: Tx, platform: str, chat_id: str) -> str:
    """Whose chat that was: a group's audience, else the person whose direct chat it is (so
    the notice goes out again when they bind anew, or the group is registered again)."""
    group = tx.conn.execute(select(group_chats.c.audience).where(
        group_chats.c.platform == platform, group_chats.c.chat_id == chat_id)).scalar()
    if group is not None:
        return Target("groups", value=(group,)).label
    person = tx.conn.execute(select(identities.c.person_id).where(
        identities.c.platform == platform, identities.c.direct_chat_id == chat_id)).scalar()
    return Target("person", value=(person,)).label if person else f"chat:{platform}/{chat_id}"
