"""Adapters' receipts: a delivered notice is done; a failed one is tried again after a
back-off (a stored due time) and, after the last attempt, reported missed."""

from __future__ import annotations

from shared.contracts.chat import ChatReceipt
from shared.contracts.notify import NoticeMissed
from shared.runtime.incoming import Incoming
from shared.runtime.tx import Tx

from ..db import notices
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
        failed(ctx, tx, row, receipt.error)
    if row.broadcast_id:
        maybe_report(ctx, tx, row.broadcast_id)


def failed(ctx: Notify, tx: Tx, row, error: str | None) -> None:
    retry_at = ctx.retry_at(row.failures + 1, tx.now)
    notices.mark_failed(tx.conn, row.id, error=error, retry_at=retry_at, now=tx.now)
    if retry_at is not None:
        offer(ctx, tx, row.platform, row.chat_id)
        return
    tx.emit(NoticeMissed(notice_id=str(row.id), platform=row.platform, chat_id=row.chat_id,
                         template=row.template, attempts=row.attempts, error=error,
                         broadcast_id=row.broadcast_id))
