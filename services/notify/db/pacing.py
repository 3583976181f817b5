"""Token buckets in the store: one row per chat and per platform."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Connection, bindparam, select

from ..domain.pacing import Bucket
from ..tables import pacing
from .upsert import insert_or_replace


def chat_scope(platform: str, chat_id: str) -> str:
    digest = hashlib.sha1(f"{platform}\x1f{chat_id}".encode()).hexdigest()
    return f"chat:{digest}"


def platform_scope(platform: str) -> str:
    return f"platform:{platform}"


_LOAD = (select(pacing.c.tokens, pacing.c.updated_at).where(pacing.c.scope == bindparam("scope"))
         .with_for_update())  # built once: it runs twice for every notice


def load(conn: Connection, scope: str, *, now: datetime, rate: float, burst: int) -> Bucket:
    row = conn.execute(_LOAD, {"scope": scope}).first()
    if row is None:
        return Bucket.full(now, rate, burst)
    return Bucket(row.tokens, row.updated_at, rate, burst).refilled(now)


_LOAD_MANY = (select(pacing.c.scope, pacing.c.tokens, pacing.c.updated_at)
              .where(pacing.c.scope.in_(bindparam("scopes", expanding=True))).with_for_update())


def load_many(conn: Connection, scopes: list[str], *, now: datetime, rate: float, burst: int) -> dict[str, Bucket]:
    """Each scope's bucket, refilled to `now` (a full one where none is stored yet)."""
    if len(scopes) == 1:
        return {scopes[0]: load(conn, scopes[0], now=now, rate=rate, burst=burst)}
    found = {row.scope: Bucket(row.tokens, row.updated_at, rate, burst).refilled(now)
             for row in conn.execute(_LOAD_MANY, {"scopes": scopes})}
    return {scope: found.get(scope) or Bucket.full(now, rate, burst) for scope in scopes}


def save_many(conn: Connection, buckets: dict[str, Bucket]) -> None:
    """Every bucket in one statement."""
    insert_or_replace(conn, pacing, [{"scope": scope, "tokens": bucket.tokens, "updated_at": bucket.at}
                                     for scope, bucket in buckets.items()], ["scope"])
