"""What notify remembers of delivery's racks: which items it already counted as done."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from ..tables import rack_done
from .upsert import insert_new


def first_done(conn: Connection, item_id: str, at: datetime) -> bool:
    """True for the first event that says `item_id` has nobody left to pick up."""
    return insert_new(conn, rack_done, {"item_id": item_id, "done_at": at}, ["item_id"])
