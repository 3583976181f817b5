"""vetting's business metrics, read from the store at each scrape (right after any restart,
never counted twice by a retried transaction): group buys and vendors by state, and orders
(one per household and group buy). No labels but the state: no people, rooms or vendors."""

from __future__ import annotations

from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Connection, func, select

from shared.runtime.store import Store

from .domain import groupbuys as groupbuy_states
from .domain import vendors as vendor_states
from .tables import groupbuys, order_lines, vendors

GROUPBUY_STATES = (groupbuy_states.PROPOSED, groupbuy_states.APPROVED, groupbuy_states.OPEN,
                   groupbuy_states.REFUSED, groupbuy_states.CLOSED)
VENDOR_STATES = (vendor_states.PENDING, vendor_states.APPROVED, vendor_states.REFUSED, vendor_states.SUSPENDED)


def _figures(conn: Connection) -> tuple[dict[str, int], dict[str, int], int]:
    by_groupbuy = dict(conn.execute(select(groupbuys.c.status, func.count()).group_by(groupbuys.c.status)).all())
    by_vendor = dict(conn.execute(select(vendors.c.status, func.count()).group_by(vendors.c.status)).all())
    households = select(order_lines.c.groupbuy_id, order_lines.c.building, order_lines.c.room).distinct()
    orders = conn.execute(select(func.count()).select_from(households.subquery())).scalar() or 0
    return by_groupbuy, by_vendor, orders


class VettingCollector(Collector):
    def __init__(self, store: Store):
        self.store = store

    def collect(self):
        found = self.store.scrape(_figures)
        if found is None:
            return
        by_groupbuy, by_vendor, orders = found
        family = GaugeMetricFamily("lastmile_vetting_groupbuys", "Group buys by state", labels=["state"])
        for state in GROUPBUY_STATES:
            family.add_metric([state], by_groupbuy.get(state, 0))
        yield family
        family = GaugeMetricFamily("lastmile_vetting_vendors", "Vendors by state", labels=["state"])
        for state in VENDOR_STATES:
            family.add_metric([state], by_vendor.get(state, 0))
        yield family
        yield GaugeMetricFamily("lastmile_vetting_orders", "Orders: households with lines in a group buy",
                                value=orders)


def register(registry: CollectorRegistry, store: Store) -> None:
    """The runtime's hook: called once the store is open, before /metrics is served."""
    registry.register(VettingCollector(store))
