"""Finding the item an id typed in a chat names, or why there is none to act on."""

from __future__ import annotations

from sqlalchemy import Connection, RowMapping

from .db import items as db
from .domain.items import Refusal, portions_param
from .planning import AWAITING_SHEET


def find(conn: Connection, ref: str) -> RowMapping | Refusal:
    """The item `ref` names, or: not_planned_yet (a group buy waiting for its sheet),
    portion_required (a group buy's delivery: name its building portion), unknown_item."""
    item = db.item(conn, ref)
    if item is not None:
        return item
    delivery = db.delivery(conn, ref)
    if delivery is None:
        return Refusal("unknown_item", {"ref": ref})
    if delivery["state"] == AWAITING_SHEET:
        return Refusal("not_planned_yet", {"ref": ref})
    portions = [(i["item_id"], i["building"]) for i in db.items_of_arrival(conn, ref)]
    if not portions:
        return Refusal("unknown_item", {"ref": ref})
    return Refusal("portion_required", {"ref": ref, "portions": portions_param(portions)})
