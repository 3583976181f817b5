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


def save(conn: Connection, scope: str, bucket: Bucket) -> None:
    insert_or_replace(conn, pacing, {"scope": scope, "tokens": bucket.tokens, "updated_at": bucket.at}, ["scope"])
