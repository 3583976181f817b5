"""Orders: set a household's line for an item (a later order or an edit replaces it, a copy
changes nothing), or withdraw all of a household's lines before close."""

from __future__ import annotations

from typing import Any

from shared.contracts.intake import OrderCancelRequested, OrderRequested
from shared.contracts.vetting import OrderAccepted, OrderCancelled, OrderRefused
from shared.runtime.tx import Tx

from ..db import groupbuys as db
from ..db import orders as order_db
from ..domain import orders as rules_of
from ..domain.groupbuys import OPEN
from ..domain.ids import GROUPBUY, kind_of, normalise
from ..domain.refusals import Refusal, refuse
from .context import Rules, answer, refusal


def _open_buy(tx: Tx, ref: str):
    groupbuy_id = normalise(ref)
    return db.get_groupbuy(tx.conn, groupbuy_id) if kind_of(groupbuy_id) == GROUPBUY else None


def on_order(rules: Rules, tx: Tx, intent: OrderRequested, _envelope=None) -> None:
    """A household orders `qty` of an item; 0 withdraws that item."""
    key, revision = intent.chat.message_key, intent.chat.revision
    known = order_db.known_message(tx.conn, key)
    if rules_of.is_stale(known.revision if known else None, revision):
        return
    groupbuy_id = normalise(intent.groupbuy_ref)
    status, rows = db.status_and_items(tx.conn, groupbuy_id) if kind_of(groupbuy_id) == GROUPBUY else (None, [])
    actor = intent.actor
    problem = rules_of.household_problem(actor.building, actor.room) or rules_of.order_problem(
        status, intent.groupbuy_ref, intent.qty, rules.max_qty)
    items = {} if problem else {row.name: row for row in rows}
    item = problem or rules_of.resolve_item(intent.item, list(items))
    if isinstance(item, Refusal):  # keep what the earlier revision set: a failed edit replaces nothing
        order_db.remember_message(tx.conn, message_key=key, revision=revision, known=bool(known),
                                  groupbuy_id=known.groupbuy_id if known else None,
                                  item=known.item if known else None)
        tx.emit(OrderRefused(**answer(intent), groupbuy_id=groupbuy_id if status else None, **refusal(item)))
        return
    order_db.remember_message(tx.conn, message_key=key, revision=revision, known=bool(known),
                              groupbuy_id=groupbuy_id, item=item)
    if known and known.item and (known.groupbuy_id, known.item) != (groupbuy_id, item):
        _withdraw_edited(tx, intent, known.groupbuy_id, known.item)
    _set_line(tx, intent, groupbuy_id, items[item])


def _withdraw_edited(tx: Tx, intent: OrderRequested, groupbuy_id: str, item: str) -> None:
    """The edit names another item: what the earlier revision ordered goes, if still its own."""
    actor = intent.actor
    line = order_db.get_line(tx.conn, groupbuy_id, actor.building, actor.room, item)
    buy = db.get_groupbuy(tx.conn, groupbuy_id)
    if line is None or line.message_key != intent.chat.message_key or buy.status != OPEN:
        return
    order_db.remove_line(tx.conn, groupbuy_id, actor.building, actor.room, item)
    db.add_to_total(tx.conn, groupbuy_id, item, -line.qty)
    tx.emit(OrderCancelled(**answer(intent), groupbuy_id=groupbuy_id, building=actor.building,
                           room=actor.room, items=[item], reason="by_household"))


def _set_line(tx: Tx, intent: OrderRequested, groupbuy_id: str, item: Any) -> None:
    actor = intent.actor
    line = order_db.get_line(tx.conn, groupbuy_id, actor.building, actor.room, item.name)
    before = line.qty if line else 0
    if intent.qty == 0:
        if line is None:
            tx.emit(OrderRefused(**answer(intent), groupbuy_id=groupbuy_id,
                                 **refusal(refuse("nothing_ordered", item=item.name))))
            return
        order_db.remove_line(tx.conn, groupbuy_id, actor.building, actor.room, item.name)
        db.add_to_total(tx.conn, groupbuy_id, item.name, -before)
        tx.emit(OrderCancelled(**answer(intent), groupbuy_id=groupbuy_id, building=actor.building,
                               room=actor.room, items=[item.name], reason="by_household"))
        return
    order_db.put_line(tx.conn, exists=line is not None, groupbuy_id=groupbuy_id, building=actor.building,
                      room=actor.room, item=item.name, qty=intent.qty, person_id=actor.person_id,
                      language=actor.language, message_key=intent.chat.message_key, now=tx.now)
    total = db.add_to_total(tx.conn, groupbuy_id, item.name, intent.qty - before)
    tx.emit(OrderAccepted(**answer(intent), groupbuy_id=groupbuy_id, item=item.name, qty=intent.qty,
                          building=actor.building, room=actor.room,
                          remaining_to_min=rules_of.remaining_to_min(total, item.min_qty)))


def on_cancel(_rules: Rules, tx: Tx, intent: OrderCancelRequested, _envelope=None) -> None:
    """A household withdraws everything it ordered from a buy (only while it is open)."""
    buy = _open_buy(tx, intent.groupbuy_ref)
    actor = intent.actor
    problem = rules_of.household_problem(actor.building, actor.room) or rules_of.order_problem(
        buy.status if buy else None, intent.groupbuy_ref, 0, 1)
    lines = [] if problem else order_db.household_lines(tx.conn, buy.id, actor.building, actor.room)
    if not problem and not lines:
        problem = refuse("nothing_ordered", groupbuy=buy.id)
    if problem:
        tx.emit(OrderRefused(**answer(intent), groupbuy_id=buy.id if buy else None, **refusal(problem)))
        return
    for line in lines:
        order_db.remove_line(tx.conn, buy.id, line.building, line.room, line.item)
        db.add_to_total(tx.conn, buy.id, line.item, -line.qty)
    tx.emit(OrderCancelled(**answer(intent), groupbuy_id=buy.id, building=actor.building, room=actor.room,
                           items=[line.item for line in lines], reason="by_household"))
