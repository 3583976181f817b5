"""Notices that reached nobody yet: kept with their text in every language, listed for the
committee, sent when their person binds or their group is registered, settled when what they
were about is over (`lasts`) or when they are too old (`expires_at`)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, func, or_, select, update

from ..tables import waiting
from .upsert import insert_new

DELIVERED, STALE = "delivered", "stale"
STANDING = "standing"  # a group notice that reached some groups, kept for groups registered later


def record(conn: Connection, *, dedupe_key: str, target: str, template: str, texts: dict[str, str],
           reason: str, correlation_id: str, now: datetime, lasts: str | None = None,
           expires_at: datetime | None = None, error: str | None = None) -> bool:
    """Keep a notice nobody could be reached for; False if it is kept already."""
    return insert_new(conn, waiting, {
        "dedupe_key": dedupe_key, "target": target, "template": template,
        "texts": json.dumps(texts, ensure_ascii=False), "reason": reason, "error": error,
        "correlation_id": correlation_id, "lasts": lasts, "expires_at": expires_at, "created_at": now,
    }, ["dedupe_key"])


def _open(now: datetime):
    return and_(waiting.c.settled_at.is_(None),
                or_(waiting.c.expires_at.is_(None), waiting.c.expires_at > now))


def _unreached(now: datetime):
    """Reached nobody so far (a group notice one group took, or a standing one, is off the list)."""
    return and_(_open(now), waiting.c.outcome.is_(None), waiting.c.reason != STANDING)


def open_for(conn: Connection, targets: list[str], now: datetime) -> list[Row[Any]]:
    """Still worth sending, for any of these targets, oldest first."""
    return conn.execute(select(waiting).where(waiting.c.target.in_(targets), _open(now))
                        .order_by(waiting.c.id)).all()


def unreached(conn: Connection, now: datetime, limit: int | None = None) -> list[Row[Any]]:
    """The committee's list: every notice still waiting for its person or group."""
    query = select(waiting).where(_unreached(now)).order_by(waiting.c.id)
    return conn.execute(query.limit(limit) if limit else query).all()


def count_unreached(conn: Connection, now: datetime) -> int:
    return conn.execute(select(func.count()).select_from(waiting).where(_unreached(now))).scalar_one()


def of_correlation(conn: Connection, correlation_id: str, template: str) -> int:
    """How many notices of `template` caused by one request reached nobody."""
    return conn.execute(select(func.count()).select_from(waiting).where(
        waiting.c.correlation_id == correlation_id, waiting.c.template == template)).scalar_one()


def settle(conn: Connection, ids: list[int], outcome: str, now: datetime) -> None:
    if ids:
        conn.execute(update(waiting).where(waiting.c.id.in_(ids)).values(settled_at=now, outcome=outcome))


def mark_delivered(conn: Connection, ids: list[int]) -> None:
    """Sent to a group registered late, and kept for the next one while it lasts."""
    if ids:
        conn.execute(update(waiting).where(waiting.c.id.in_(ids)).values(outcome=DELIVERED))


def settle_lasting(conn: Connection, keys: list[str], now: datetime) -> None:
    """What these notices were about is over (the parcel was picked up, the buy closed)."""
    if keys:
        conn.execute(update(waiting).where(waiting.c.lasts.in_(keys), waiting.c.settled_at.is_(None))
                     .values(settled_at=now, outcome=STALE))


def texts_of(row: Row[Any]) -> dict[str, str]:
    return json.loads(row.texts)
