"""Building holding's outgoing payloads from its rows and the intents they answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping

from shared.contracts.holding import Destination, GateItem
from shared.contracts.intake import Intent


def answer(intent: Intent) -> dict[str, Any]:
    """The `Outcome` fields: whom to answer, in which chat and language."""
    return {"person_id": intent.actor.person_id, "chat": intent.chat, "language": intent.actor.language}


def destination(row: RowMapping, *, with_note: bool = True) -> Destination:
    return Destination(kind=row["kind"], groupbuy_id=row["groupbuy_id"], vendor_id=row["vendor_id"],
                       building=row["building"], room=row["room"], boxes=row["boxes"],
                       note=row["note"] if with_note else None)


def gate_item(row: RowMapping, *, with_note: bool) -> GateItem:
    return GateItem(arrival_id=row["arrival_id"], state=row["state"],
                    destination=destination(row, with_note=with_note), due_at=row["due_at"])
