"""Closing a group buy, by its leader (or the committee) or at its deadline: items below
their minimum are dropped and their orderers told, then the order sheet is issued."""

from __future__ import annotations

from typing import Any

from shared.contracts.intake import GroupBuyCloseRequested
from shared.contracts.vetting import GroupBuyClosed, OrderCancelled, SheetIssued, SheetLine, SheetTotal
from shared.runtime.timers import Timer
from shared.runtime.tx import Tx

from ..db import groupbuys as db
from ..db import orders as order_db
from ..db import vendors as vendor_db
from ..domain import groupbuys as machine
from ..domain import orders as rules_of
from ..domain.ids import normalise
from ..domain.refusals import refuse
from .context import Rules, answer, refuse_request
from .groupbuys import DEADLINE_TIMER


def on_close_request(_rules: Rules, tx: Tx, intent: GroupBuyCloseRequested, _envelope=None) -> None:
    """The leader closes before the deadline."""
    groupbuy_id = normalise(intent.groupbuy_ref)
    buy = db.get_groupbuy(tx.conn, groupbuy_id)
    problem = refuse("unknown_groupbuy", target=intent.groupbuy_ref) if buy is None else machine.close_problem(
        buy.status, role=intent.actor.role, person_id=intent.actor.person_id, leader_id=buy.leader_id)
    if problem:
        refuse_request(tx, intent, "groupbuy.close_requested", groupbuy_id, problem)
        return
    tx.cancel(DEADLINE_TIMER, groupbuy_id)
    close(tx, buy, by="leader", reply=answer(intent))


def on_deadline(_rules: Rules, tx: Tx, timer: Timer) -> None:
    """The deadline passed (perhaps while the service was down): close once."""
    buy = db.get_groupbuy(tx.conn, timer.key)
    if buy is not None and buy.status == machine.OPEN:
        close(tx, buy, by="deadline", reply={"person_id": buy.leader_id, "language": buy.leader_language})


def close(tx: Tx, buy, *, by: str, reply: dict[str, Any]) -> None:
    db.set_status(tx.conn, buy.id, machine.CLOSED, closed_at=tx.now)
    items = db.items_of(tx.conn, buy.id)
    dropped = rules_of.missed_minimum({i.name: i.ordered for i in items}, {i.name: i.min_qty for i in items})
    _drop(tx, buy.id, dropped)
    tx.emit(GroupBuyClosed(**reply, groupbuy_id=buy.id, vendor_id=buy.vendor_id, leader_id=buy.leader_id,
                           by=by, dropped_items=dropped))
    _issue_sheet(tx, buy, {i.name: i.price for i in items if i.name not in dropped})


def _drop(tx: Tx, groupbuy_id: str, dropped: list[str]) -> None:
    """Remove the lines of items that missed their minimum; tell each household once."""
    lines = [line for item in dropped for line in order_db.lines_of(tx.conn, groupbuy_id, item=item)]
    for item in dropped:
        order_db.remove_item_lines(tx.conn, groupbuy_id, item)
        db.add_to_total(tx.conn, groupbuy_id, item, -sum(line.qty for line in lines if line.item == item))
    who = {(line.building, line.room): line for line in lines}
    households = rules_of.by_household(rules_of.Line(x.building, x.room, x.item, x.qty) for x in lines)
    for (building, room), items in households.items():
        person = who[(building, room)]
        tx.emit(OrderCancelled(person_id=person.person_id, language=person.language, groupbuy_id=groupbuy_id,
                               building=building, room=room, items=items, reason="missed_minimum"))


def _issue_sheet(tx: Tx, buy, prices: dict[str, str]) -> None:
    rows = order_db.lines_of(tx.conn, buy.id)
    lines = [rules_of.Line(r.building, r.room, r.item, r.qty) for r in rows]
    totals = rules_of.totals_of(lines)
    vendor = vendor_db.get_vendor(tx.conn, buy.vendor_id)
    tx.emit(SheetIssued(
        groupbuy_id=buy.id, vendor_id=vendor.id, vendor_name=vendor.name,
        lines=[SheetLine(building=x.building, room=x.room, item=x.item, qty=x.qty) for x in lines],
        totals=[SheetTotal(item=name, qty=totals[name], price=price) for name, price in prices.items()
                if totals.get(name)],
    ))
