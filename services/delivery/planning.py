"""From a released arrival to delivery tasks. A parcel or medicine is one task for its
building-room; a group buy's delivery is split by its order sheet into one portion per
building. A delivery released before its sheet is known waits for it (nothing is lost in
either order); a later delivery of a group buy already handed out is held back for people
to decide, never split twice."""

from __future__ import annotations

from shared.contracts.delivery import (
    DeliveryAwaitingSheet,
    DeliveryHeldBack,
    DeliveryPlanned,
    DeliveryTask,
    RoomHandout,
)
from shared.contracts.envelope import Envelope
from shared.contracts.holding import HoldReleased
from shared.runtime.counters import next_id
from shared.runtime.tx import Tx

from .db import items as db
from .db import sheets
from .domain import items as states
from .domain.plans import rack_of, split
from .replies import handout_lines

AWAITING_SHEET = "awaiting_sheet"
PLANNED = "planned"
HELD_BACK = "held_back"


def on_released(tx: Tx, event: HoldReleased, _envelope: Envelope) -> None:
    if db.delivery(tx.conn, event.arrival_id) is not None:
        return  # released once by holding; a replay from another source changes nothing
    dest = event.destination
    db.add_delivery(tx.conn, arrival_id=event.arrival_id, kind=dest.kind, groupbuy_id=dest.groupbuy_id,
                    building=dest.building, room=dest.room, boxes=dest.boxes, note=dest.note,
                    state=AWAITING_SHEET if dest.kind == "groupbuy" else PLANNED, released_at=event.released_at)
    if dest.kind != "groupbuy":
        return _plan_household(tx, event.arrival_id)
    if sheets.get(tx.conn, dest.groupbuy_id) is None:
        tx.emit(DeliveryAwaitingSheet(arrival_id=event.arrival_id, groupbuy_id=dest.groupbuy_id,
                                      released_at=event.released_at))
        return
    plan_waiting(tx, dest.groupbuy_id)


def plan_waiting(tx: Tx, groupbuy_id: str) -> None:
    """Plan the first delivery of the group buy waiting for its sheet; hold back the rest."""
    already = db.deliveries_of(tx.conn, groupbuy_id, PLANNED)
    for delivery in db.deliveries_of(tx.conn, groupbuy_id, AWAITING_SHEET):
        if already:
            db.set_delivery_state(tx.conn, delivery["arrival_id"], HELD_BACK)
            tx.emit(DeliveryHeldBack(arrival_id=delivery["arrival_id"], groupbuy_id=groupbuy_id,
                                     reason="groupbuy_already_planned",
                                     params={"groupbuy": groupbuy_id, "earlier_arrival": already[0]["arrival_id"]}))
            continue
        _plan_groupbuy(tx, delivery)
        already = [delivery]


def _plan_household(tx: Tx, arrival_id: str) -> None:
    delivery = db.delivery(tx.conn, arrival_id)
    building, room = delivery["building"], delivery["room"]
    db.add_item(tx.conn, item_id=arrival_id, arrival_id=arrival_id, kind=delivery["kind"], building=building,
                room=room, note=delivery["note"], state=states.PLANNED, released_at=delivery["released_at"])
    db.add_handout(tx.conn, arrival_id, room, [])
    task = DeliveryTask(item_id=arrival_id, kind=delivery["kind"], building=building, rack=rack_of(building),
                        room=room)
    tx.emit(DeliveryPlanned(arrival_id=arrival_id, kind=delivery["kind"], boxes=delivery["boxes"],
                            released_at=delivery["released_at"], tasks=[task]))


def _plan_groupbuy(tx: Tx, delivery) -> None:
    groupbuy_id = delivery["groupbuy_id"]
    sheet = sheets.get(tx.conn, groupbuy_id)
    tasks = []
    for portion in split(sheets.lines(tx.conn, groupbuy_id)):
        item_id = next_id(tx.conn, states.PORTION_PREFIX)
        db.add_item(tx.conn, item_id=item_id, arrival_id=delivery["arrival_id"], kind="portion",
                    groupbuy_id=groupbuy_id, vendor_name=sheet["vendor_name"], building=portion.building,
                    state=states.PLANNED, released_at=delivery["released_at"])
        for room, lines in portion.rooms.items():
            db.add_handout(tx.conn, item_id, room, lines)
        tasks.append(DeliveryTask(
            item_id=item_id, kind="portion", building=portion.building, rack=rack_of(portion.building),
            handouts=[RoomHandout(room=room, lines=handout_lines(lines)) for room, lines in portion.rooms.items()],
            totals=handout_lines(list(portion.totals.items()))))
    db.set_delivery_state(tx.conn, delivery["arrival_id"], PLANNED)
    tx.emit(DeliveryPlanned(arrival_id=delivery["arrival_id"], kind="groupbuy", groupbuy_id=groupbuy_id,
                            vendor_name=sheet["vendor_name"], boxes=delivery["boxes"],
                            released_at=delivery["released_at"], tasks=tasks))
