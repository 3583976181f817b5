"""Notice rows: queued → sent → delivered | missed (a failed send is queued again, later)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Integer, Row, bindparam, func, select, update

from shared.contracts.chat import MAX_TEXT

from ..tables import notices
from .directory import Recipient
from .upsert import insert_new

QUEUED, SENT, DELIVERED, MISSED, UNREACHABLE = "queued", "sent", "delivered", "missed", "unreachable"


def queue(conn: Connection, *, dedupe_key: str, to: Recipient, text: str, template: str,
          correlation_id: str, now: datetime, broadcast_id: str | None = None) -> bool:
    """Store a notice to send; False if this notice (same dedupe key) exists already."""
    return insert_new(conn, notices, {
        "dedupe_key": dedupe_key, "platform": to.platform, "chat_id": to.chat_id, "text": text[:MAX_TEXT],
        "reply_to": to.reply_to, "correlation_id": correlation_id, "template": template,
        "broadcast_id": broadcast_id, "audience": to.audience, "status": QUEUED, "attempts": 0,
        "failures": 0, "not_before": now, "created_at": now,
    }, ["dedupe_key"])


def record_unreachable(conn: Connection, *, dedupe_key: str, who: str, template: str, text: str,
                       correlation_id: str, now: datetime) -> None:
    """Nobody to send it to (no bound chat): kept, so it is counted and can be looked at."""
    insert_new(conn, notices, {
        "dedupe_key": dedupe_key, "platform": "-", "chat_id": who, "text": text[:MAX_TEXT],
        "correlation_id": correlation_id, "template": template, "status": UNREACHABLE,
        "attempts": 0, "failures": 0, "not_before": now, "created_at": now, "done_at": now,
    }, ["dedupe_key"])


# The dispatcher's statements run for every notice: built once, executed with parameters.
_DUE = (select(notices.c.id, notices.c.text, notices.c.reply_to, notices.c.correlation_id, notices.c.attempts)
        .where(notices.c.platform == bindparam("platform"), notices.c.chat_id == bindparam("chat_id"),
               notices.c.status == QUEUED, notices.c.not_before <= bindparam("now", type_=notices.c.not_before.type))
        .order_by(notices.c.id).limit(bindparam("limit", type_=Integer)))
_EARLIEST = (select(notices.c.chat_id, func.min(notices.c.not_before))
             .where(notices.c.platform == bindparam("platform"),
                    notices.c.chat_id.in_(bindparam("chat_ids", expanding=True)), notices.c.status == QUEUED)
             .group_by(notices.c.chat_id))
_MARK_SENT = (update(notices).where(notices.c.id.in_(bindparam("ids", expanding=True)))
              .values(status=SENT, attempts=notices.c.attempts + 1,
                      sent_at=bindparam("now", type_=notices.c.sent_at.type)))
# Most releases send one notice: `id = ?` spares the expanding IN its compile step each time.
_MARK_ONE_SENT = (update(notices).where(notices.c.id == bindparam("notice_id"))
                  .values(status=SENT, attempts=notices.c.attempts + 1,
                          sent_at=bindparam("now", type_=notices.c.sent_at.type)))


def due(conn: Connection, platform: str, chat_id: str, now: datetime, limit: int) -> list[Row[Any]]:
    return conn.execute(_DUE, {"platform": platform, "chat_id": chat_id, "now": now, "limit": limit}).all()


def earliest_queued(conn: Connection, platform: str, chat_ids: list[str]) -> dict[str, datetime]:
    """For each of these chats that has notices queued: since when the oldest may go."""
    if not chat_ids:
        return {}
    rows = conn.execute(_EARLIEST, {"platform": platform, "chat_ids": chat_ids})
    return {chat_id: since for chat_id, since in rows}


def mark_sent(conn: Connection, ids: list[int], now: datetime) -> None:
    if len(ids) == 1:
        conn.execute(_MARK_ONE_SENT, {"notice_id": ids[0], "now": now})
    else:
        conn.execute(_MARK_SENT, {"ids": ids, "now": now})


def exists(conn: Connection, dedupe_key: str) -> bool:
    return conn.execute(select(notices.c.id).where(notices.c.dedupe_key == dedupe_key)).first() is not None


def get(conn: Connection, notice_id: int) -> Row[Any] | None:
    return conn.execute(select(notices).where(notices.c.id == notice_id)).first()


def mark_delivered(conn: Connection, notice_id: int, now: datetime) -> None:
    conn.execute(update(notices).where(notices.c.id == notice_id).values(status=DELIVERED, done_at=now))


def mark_failed(conn: Connection, notice_id: int, *, error: str | None, retry_at: datetime | None,
                now: datetime) -> None:
    """Queue it again at `retry_at`, or give up (missed) when there is none."""
    values: dict[str, Any] = {"failures": notices.c.failures + 1, "last_error": error}
    values.update({"status": QUEUED, "not_before": retry_at} if retry_at else {"status": MISSED, "done_at": now})
    conn.execute(update(notices).where(notices.c.id == notice_id).values(**values))


def of_broadcast(conn: Connection, broadcast_id: str) -> list[Row[Any]]:
    return conn.execute(select(notices.c.platform, notices.c.chat_id, notices.c.audience, notices.c.status)
                        .where(notices.c.broadcast_id == broadcast_id).order_by(notices.c.id)).all()


def figures_by_platform(conn: Connection) -> list[Row[Any]]:
    """(platform, status, notices, failed sends): what the metrics report."""
    return conn.execute(select(notices.c.platform, notices.c.status, func.count(), func.sum(notices.c.failures))
                        .group_by(notices.c.platform, notices.c.status)).all()
