"""`/status V3` and `/status GB12`: where a vendor or a buy stands, as the asker may see it;
a bare `/status`: the open buys the asker's household ordered from. Other targets (A7, P45)
belong to other services: vetting stays silent."""

from __future__ import annotations

from shared.contracts.intake import StatusRequested
from shared.contracts.vetting import ItemProgress, Licence, OrderedQuantity, VettingStatusReported
from shared.runtime.tx import Tx

from ..db import groupbuys as db
from ..db import orders as order_db
from ..db import vendors as vendor_db
from ..domain import visibility
from ..domain.ids import GROUPBUY, VENDOR, kind_of, normalise
from ..domain.orders import remaining_to_min, totals_of
from ..domain.refusals import refuse
from .context import Rules, answer, refuse_request


MAX_OWN = 5


def on_status(_rules: Rules, tx: Tx, intent: StatusRequested, _envelope=None) -> None:
    if intent.target is None:
        return _own_orders(tx, intent)
    target = normalise(intent.target or "")
    kind = kind_of(target)
    if kind == VENDOR:
        _vendor_status(tx, intent, target)
    elif kind == GROUPBUY:
        _groupbuy_status(tx, intent, target)


def _own_orders(tx: Tx, intent: StatusRequested) -> None:
    """A bare `/status`: each open buy the asker's household ordered from (a building admin:
    that their building ordered from), as `/status GB12` shows it; nothing else of vetting's."""
    actor = intent.actor
    if not actor.building:
        return
    shown = 0
    for buy in db.open_ones(tx.conn):
        if actor.role == "building_admin":
            ordered = order_db.lines_of(tx.conn, buy.id, building=actor.building)
        elif actor.room:
            ordered = order_db.household_lines(tx.conn, buy.id, actor.building, actor.room)
        else:
            return
        if ordered and shown < MAX_OWN:
            _groupbuy_status(tx, intent, buy.id)
            shown += 1


def _vendor_status(tx: Tx, intent: StatusRequested, vendor_id: str) -> None:
    vendor = vendor_db.get_vendor(tx.conn, vendor_id)
    if vendor is None:
        refuse_request(tx, intent, "status.requested", vendor_id, refuse("unknown_vendor", target=vendor_id))
        return
    licences = [Licence(kind=row.kind, number=row.number, expires_on=row.expires_on)
                for row in vendor_db.licences_of(tx.conn, vendor_id)]
    open_ones = [buy.id for buy in db.ids_of_vendor(tx.conn, vendor_id, "open")]
    details = {"name": vendor.name, "guaranteed": str(vendor.guaranteed).lower()}
    for licence in licences:
        details[f"licence.{licence.kind}"] = f"{licence.number} valid through {licence.expires_on.isoformat()}"
    details["open_groupbuys"] = ", ".join(open_ones)
    tx.emit(VettingStatusReported(**answer(intent), target=vendor_id, status=vendor.status, details=details,
                                  name=vendor.name, licences=licences, open_groupbuys=open_ones))


def _groupbuy_status(tx: Tx, intent: StatusRequested, groupbuy_id: str) -> None:
    buy = db.get_groupbuy(tx.conn, groupbuy_id)
    if buy is None:
        refuse_request(tx, intent, "status.requested", groupbuy_id,
                       refuse("unknown_groupbuy", target=groupbuy_id))
        return
    items = [ItemProgress(name=item.name, name_en=item.name_en, category=item.category, price=item.price, ordered=item.ordered,
                          min_qty=item.min_qty or 0,
                          remaining_to_min=remaining_to_min(item.ordered, item.min_qty) if item.min_qty else 0)
             for item in db.items_of(tx.conn, groupbuy_id)]
    scope, totals, lines = _tally(tx, intent, buy)
    tx.emit(VettingStatusReported(
        **answer(intent), target=groupbuy_id, status=buy.status,
        details=_flat(buy, items, scope, totals, lines), vendor_id=buy.vendor_id, deadline=buy.deadline,
        items=items, scope=scope, totals=totals, lines=lines))


def _tally(tx: Tx, intent: StatusRequested, buy) -> tuple[str, list[OrderedQuantity], list[OrderedQuantity]]:
    """Totals per building for all buildings, or for the admin's own; lines per room for the
    rooms of the admin's building, or of the asker's household."""
    actor = intent.actor
    scope = visibility.scope_for(actor.role, actor.person_id, buy.leader_id)
    if scope == visibility.ALL:
        rows = order_db.tally_by_building(tx.conn, buy.id)
        return "all", [OrderedQuantity(building=r.building, item=r.item, qty=r.qty) for r in rows], []
    if not actor.building:
        return "none", [], []
    if scope == visibility.BUILDING:
        rows = order_db.lines_of(tx.conn, buy.id, building=actor.building)
        totals = [OrderedQuantity(building=actor.building, item=item, qty=qty)
                  for item, qty in totals_of(rows).items()]
        found = f"building:{actor.building}"
    elif actor.room:
        rows = order_db.household_lines(tx.conn, buy.id, actor.building, actor.room)
        totals, found = [], f"household:{actor.building}/{actor.room}"
    else:
        return "none", [], []
    return found, totals, [OrderedQuantity(building=r.building, room=r.room, item=r.item, qty=r.qty) for r in rows]


def _flat(buy, items: list[ItemProgress], scope: str, totals: list[OrderedQuantity],
          lines: list[OrderedQuantity]) -> dict[str, str]:
    """The same facts as `details` text pairs (the event's first form)."""
    details = {"vendor_id": buy.vendor_id, "leader_id": buy.leader_id, "deadline": buy.deadline.isoformat()}
    for item in items:
        details[f"item.{item.name}.price"] = str(item.price)
        details[f"item.{item.name}.ordered"] = str(item.ordered)
        if item.min_qty:
            details[f"item.{item.name}.min_qty"] = str(item.min_qty)
            details[f"item.{item.name}.remaining_to_min"] = str(item.remaining_to_min)
    details["scope"] = scope
    details.update({f"building.{t.building}.{t.item}": str(t.qty) for t in totals})
    details.update({f"line.{line.building}/{line.room}.{line.item}": str(line.qty) for line in lines})
    return details
