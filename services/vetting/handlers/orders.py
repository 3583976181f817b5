"""Orders: set a household's line for an item (a later order or an edit replaces it, a copy
changes nothing), or withdraw all of a household's lines before close.

An order message may carry several lines (the new lines of a copied 接龙 list); each is
resolved (which buy, which item, whose household) and answered on its own.
"""

from __future__ import annotations

from shared.contracts.intake import OrderCancelRequested, OrderLineIn, OrderRequested, OrderRequestedV1
from shared.contracts.vetting import OrderAccepted, OrderCancelled, OrderRefused
from shared.runtime.tx import Tx

from ..db import groupbuys as db
from ..db import orders as order_db
from ..domain import orders as rules_of
from ..domain.groupbuys import OPEN
from ..domain.ids import GROUPBUY, kind_of, normalise
from ..domain.items import Offer, resolve
from ..domain.refusals import Refusal, refuse
from .context import Rules, answer, refusal

Key = tuple[str, str, str, str]  # (groupbuy, building, room, item)


def upgraded(intent: OrderRequestedV1 | OrderRequested) -> OrderRequested:
    """A version-1 order (one line, the buy named) read as a version-2 one."""
    if isinstance(intent, OrderRequested):
        return intent
    return OrderRequested(actor=intent.actor, chat=intent.chat, groupbuy_ref=intent.groupbuy_ref,
                          lines=[OrderLineIn(qty=intent.qty, item=intent.item)])


def _open_buy(tx: Tx, ref: str):
    groupbuy_id = normalise(ref)
    return db.get_groupbuy(tx.conn, groupbuy_id) if kind_of(groupbuy_id) == GROUPBUY else None


def _offers(tx: Tx, ref: str | None, max_qty: int) -> tuple[list[Offer], Refusal | None]:
    """The items an order may name: the named buy's (if open), else every open buy's."""
    if ref is None:
        rows = db.open_items(tx.conn)
    else:
        groupbuy_id = normalise(ref)
        status, rows = db.status_and_items(tx.conn, groupbuy_id) if kind_of(groupbuy_id) == GROUPBUY else (None, [])
        problem = rules_of.order_problem(status, ref, 0, max_qty)
        if problem:
            return [], problem
    return [Offer(row.groupbuy_id, row.position + 1, row.name, row.name_en, row.min_qty) for row in rows], None


def _roles(intent: OrderRequested) -> set[str]:
    actor = intent.actor
    return set(getattr(actor, "roles", None) or ()) | {actor.role}


def _resolve_line(intent: OrderRequested, line: OrderLineIn, offers: list[Offer],
                  max_qty: int) -> tuple[Key, Offer] | Refusal:
    actor = intent.actor
    home = rules_of.household_for(actor.building, actor.room, _roles(intent), line.building, line.room)
    if isinstance(home, Refusal):
        return home
    if line.qty > max_qty:
        return refuse("qty_too_large", qty=line.qty, max=max_qty)
    offer = resolve(offers, item=line.item, number=line.number)
    if isinstance(offer, Refusal):
        return offer
    return (offer.groupbuy_id, home[0], home[1], offer.name), offer


def on_order(rules: Rules, tx: Tx, intent: OrderRequested | OrderRequestedV1, _envelope=None) -> None:
    """A household orders lines of an open buy; 0 withdraws a line."""
    intent = upgraded(intent)
    key, revision = intent.chat.message_key, intent.chat.revision
    known = order_db.known_message(tx.conn, key)
    if rules_of.is_stale(known.revision if known else None, revision):
        return
    offers, problem = _offers(tx, intent.groupbuy_ref, rules.max_qty)
    outcomes = [(problem, None)] if problem else [
        (_resolve_line(intent, line, offers, rules.max_qty), line) for line in intent.lines]
    if intent.copied_list:  # another household's line in a copied list is theirs, not new
        kept = [o for o in outcomes if not (isinstance(o[0], Refusal) and o[0].reason == "not_your_household")]
        outcomes = kept or outcomes[:1]
    done = [(o[0], o[1], line) for o, line in outcomes if not isinstance(o, Refusal)]
    first = done[0][0] if done else None
    order_db.remember_message(tx.conn, message_key=key, revision=revision, known=bool(known),
                              groupbuy_id=first[0] if first else (known.groupbuy_id if known else None),
                              item=first[3] if first else (known.item if known else None))
    if done and known:  # an edit: what the earlier revision set and this one does not, goes
        _withdraw_edited(tx, intent, {k for k, _, _ in done}, known.groupbuy_id)
    for outcome, _line in outcomes:
        if isinstance(outcome, Refusal):  # a failed line replaces nothing
            named = intent.groupbuy_ref and not (problem and problem.reason == "unknown_groupbuy")
            groupbuy_id = normalise(intent.groupbuy_ref) if named else None
            tx.emit(OrderRefused(**answer(intent), groupbuy_id=groupbuy_id, **refusal(outcome)))
    for line_key, offer, line in done:
        _set_line(tx, intent, line_key, offer, line.qty)


def _withdraw_edited(tx: Tx, intent: OrderRequested, keeps: set[Key], earlier_buy: str | None) -> None:
    """The edit no longer names a line the earlier revision set: it goes, if still its own."""
    message_key = intent.chat.message_key
    for groupbuy_id in {earlier_buy, *(k[0] for k in keeps)} - {None}:
        buy = db.get_groupbuy(tx.conn, groupbuy_id)
        if buy is None or buy.status != OPEN:
            continue
        for line in order_db.lines_of_message(tx.conn, groupbuy_id, message_key):
            if (groupbuy_id, line.building, line.room, line.item) in keeps:
                continue
            order_db.remove_line(tx.conn, groupbuy_id, line.building, line.room, line.item)
            db.add_to_total(tx.conn, groupbuy_id, line.item, -line.qty)
            tx.emit(OrderCancelled(**answer(intent), groupbuy_id=groupbuy_id, building=line.building,
                                   room=line.room, items=[line.item], reason="by_household"))


def _set_line(tx: Tx, intent: OrderRequested, key: Key, offer: Offer, qty: int) -> None:
    groupbuy_id, building, room, item = key
    actor = intent.actor
    line = order_db.get_line(tx.conn, groupbuy_id, building, room, item)
    before = line.qty if line else 0
    if qty == 0:
        if line is None:
            tx.emit(OrderRefused(**answer(intent), groupbuy_id=groupbuy_id,
                                 **refusal(refuse("nothing_ordered", item=item))))
            return
        order_db.remove_line(tx.conn, groupbuy_id, building, room, item)
        db.add_to_total(tx.conn, groupbuy_id, item, -before)
        tx.emit(OrderCancelled(**answer(intent), groupbuy_id=groupbuy_id, building=building,
                               room=room, items=[item], reason="by_household"))
        return
    order_db.put_line(tx.conn, exists=line is not None, groupbuy_id=groupbuy_id, building=building,
                      room=room, item=item, qty=qty, person_id=actor.person_id,
                      language=actor.language, message_key=intent.chat.message_key, now=tx.now)
    total = db.add_to_total(tx.conn, groupbuy_id, item, qty - before)
    tx.emit(OrderAccepted(**answer(intent), groupbuy_id=groupbuy_id, item=item, item_en=offer.name_en, qty=qty,
                          building=building, room=room, previous_qty=before,
                          remaining_to_min=rules_of.remaining_to_min(total, offer.min_qty)))


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
