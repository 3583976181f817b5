"""Building delivery's outgoing payload pieces from its rows and the intents they answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping

from shared.contracts.delivery import HandoutLine, RackItem
from shared.contracts.intake import Intent

from .db import items as db


def answer(intent: Intent) -> dict[str, Any]:
    """The `Outcome` fields: whom to answer, in which chat and language."""
    return {"person_id": intent.actor.person_id, "chat": intent.chat, "language": intent.actor.language}


def handout_lines(pairs: list[tuple[str, int]]) -> list[HandoutLine]:
    return [HandoutLine(item=item, qty=qty) for item, qty in pairs]


def public_note(item: RowMapping) -> str | None:
    """Medicine notes may be medical: they never leave delivery."""
    return item["note"] if item["kind"] == "parcel" else None


def rack_item(item: RowMapping, waiting_households: int) -> RackItem:
    return RackItem(item_id=item["item_id"], kind=item["kind"], building=item["building"], room=item["room"],
                    state=item["state"], slot=item["slot"], racked_at=item["racked_at"],
                    waiting_households=waiting_households)


def waiting_rooms(handouts: list[RowMapping]) -> list[str]:
    return [h["room"] for h in handouts if h["picked_at"] is None]


def waiting_handouts(conn, item_id: str) -> list[RowMapping]:
    return [h for h in db.handouts_of(conn, item_id) if h["picked_at"] is None]
