"""Group buys: proposal (essentials, licences, vendor approved), the committee's decision or
the guaranteed-supply policy, opening with a stored deadline timer."""

from __future__ import annotations

from typing import Any

from shared.runtime.counters import next_number
from shared.contracts.intake import DecisionRequested, GroupBuyProposalRequested
from shared.contracts.vetting import (GroupBuyApproved, GroupBuyOpened, GroupBuyProposed,
                                      GroupBuyRefused, Item)
from shared.runtime.tx import Tx

from ..db import groupbuys as db
from ..db import vendors as vendor_db
from ..domain import groupbuys as machine
from ..domain import licences as lic
from ..domain.essentials import ItemFacts, category_key, items_problem
from ..domain.ids import GROUPBUY, VENDOR, format_id, kind_of, normalise
from ..domain.refusals import refuse
from .context import Rules, answer, refusal, refuse_request

DEADLINE_TIMER = "groupbuy.deadline"


def on_proposal(rules: Rules, tx: Tx, intent: GroupBuyProposalRequested, _envelope=None) -> None:
    """A leader proposes a buy; it waits for the committee unless policy approves it."""
    vendor_id = normalise(intent.vendor_ref)
    vendor = vendor_db.get_vendor(tx.conn, vendor_id) if kind_of(vendor_id) == VENDOR else None
    licences = vendor_db.licences_of(tx.conn, vendor.id) if vendor else []
    items = [ItemFacts(i.name.strip(), category_key(i.category, rules.categories), i.price, i.min_qty, i.name_en)
             for i in intent.items]
    problem = machine.proposal_problem(intent.actor.role, vendor.status if vendor else None,
                                       intent.vendor_ref, intent.deadline, tx.now)
    if not problem and lic.expired_one(licences, tx.now, rules.tz):
        problem = refuse("vendor_suspended")  # its suspension timer is due this very moment
    problem = problem or items_problem(items, rules.categories, non_essential_words=rules.non_essential_words,
                                       sells_food=lic.can_sell_food(licences, tx.now, rules.tz))
    if problem:
        tx.emit(GroupBuyRefused(**answer(intent), **refusal(problem)))
        return
    groupbuy_id = format_id(GROUPBUY, next_number(tx.conn, GROUPBUY))
    db.add_groupbuy(tx.conn, groupbuy_id=groupbuy_id, vendor_id=vendor.id, leader_id=intent.actor.person_id,
                    leader_language=intent.actor.language, status=machine.PROPOSED,
                    deadline=intent.deadline, now=tx.now, item_list=items)
    tx.emit(GroupBuyProposed(**answer(intent), groupbuy_id=groupbuy_id, vendor_id=vendor.id,
                             leader_id=intent.actor.person_id, deadline=intent.deadline,
                             items=[Item(**vars(i)) for i in items]))
    if rules.auto_approve_groupbuys and vendor.guaranteed:
        _approve(tx, db.get_groupbuy(tx.conn, groupbuy_id), by="policy", reply=answer(intent))


def decide(rules: Rules, tx: Tx, intent: DecisionRequested, groupbuy_id: str) -> None:
    """The committee approves (and so opens) or rejects proposal `groupbuy_id`."""
    buy = db.get_groupbuy(tx.conn, groupbuy_id)
    if buy is None:
        refuse_request(tx, intent, "decision.requested", groupbuy_id,
                       refuse("unknown_groupbuy", target=groupbuy_id))
        return
    problem = machine.decision_problem(buy.status, intent.decision)
    if problem:
        refuse_request(tx, intent, "decision.requested", groupbuy_id, problem)
    elif intent.decision == "reject":
        db.set_status(tx.conn, groupbuy_id, machine.REFUSED)
        tx.emit(GroupBuyRefused(**answer(intent), groupbuy_id=groupbuy_id, leader_id=buy.leader_id,
                                reason="rejected_by_committee", params={"reason": intent.reason or ""}))
    else:
        _approve(tx, buy, by="committee", reply=answer(intent))


def _approve(tx: Tx, buy, *, by: str, reply: dict[str, Any]) -> None:
    """Approve, then open unless the vendor or the clock says no: it never opens otherwise."""
    vendor = vendor_db.get_vendor(tx.conn, buy.vendor_id)
    problem = machine.opening_problem(vendor.status, buy.deadline, tx.now)
    if problem:
        db.set_status(tx.conn, buy.id, machine.REFUSED)
        tx.emit(GroupBuyRefused(**reply, groupbuy_id=buy.id, leader_id=buy.leader_id, **refusal(problem)))
        return
    db.set_status(tx.conn, buy.id, machine.OPEN)
    tx.schedule(DEADLINE_TIMER, buy.id, buy.deadline)
    tx.emit(GroupBuyApproved(**reply, groupbuy_id=buy.id, by=by, leader_id=buy.leader_id))
    items = [Item(name=i.name, name_en=i.name_en, category=i.category, price=i.price, min_qty=i.min_qty)
             for i in db.items_of(tx.conn, buy.id)]
    tx.emit(GroupBuyOpened(person_id=buy.leader_id, language=buy.leader_language, groupbuy_id=buy.id,
                           vendor_id=vendor.id, vendor_name=vendor.name, leader_id=buy.leader_id,
                           deadline=buy.deadline, items=items))
