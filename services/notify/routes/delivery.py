"""delivery's events: each resident the moment their item is on the rack (and reminded while
it stays there), the building admin when nobody came and with their hand-out lists,
the carriers what to take where, and replies to whoever asked."""

from __future__ import annotations

from sqlalchemy import Connection, select

from shared.contracts import delivery as d

from ..db import medicine_items, racks, waiting
from ..tables import people
from .audience import groups, household_of, other_than_asker, person, reply, role
from .model import Target, count, from_store, route, say


def resident_else_building(payload) -> Target | None:
    """Delivery sends one notice per person to tell; a household nobody on the roster lives
    in comes without a person, for the building's group chats."""
    return person("person_id")(payload) or groups(payload.building)(payload)


def admin_else_committee(payload: d.ItemEscalated) -> Target | None:
    return role("committee")(payload) if payload.to_committee else person("person_id")(payload)


def portion_admins(payload: d.DeliveryPlanned) -> list[Target]:
    """Each portion's building admins, with that building's hand-out list only."""
    return [Target("role", value=("building_admin", task.building), facts={"task": task.model_dump()})
            for task in payload.tasks if task.kind == "portion"]


def proxy_took_it(payload: d.ItemPickedUp) -> tuple[str, str] | None:
    return (payload.building, payload.room) if payload.by_proxy else None


def on_rack(payload) -> str:
    """A rack notice is worth sending while the household's part is still on the rack."""
    return f"rack:{payload.item_id}:{payload.building}/{payload.room}"


def racked_ends(payload: d.ItemRacked) -> list[str]:
    """On the rack now: what waited about it at the gate (holding's notices) is old news."""
    return [f"gate:{payload.item_id}"]


def reached(conn: Connection, payload: d.RackConfirmed, correlation_id: str) -> dict[str, int]:
    """The racker hears how many were told, not how many notices delivery asked for: the
    `item.racked` of this request that reached nobody (handled just before) are counted apart."""
    unreached = waiting.of_correlation(conn, correlation_id, "delivery/item.racked")
    return {"notified": max(payload.notified - unreached, 0), "unreached": unreached}


@from_store
def filer_of_medicine(conn: Connection, payload: d.RackConfirmed) -> Target | None:
    """Whoever filed a medicine request for a household they do not live in (its building
    admin) hears it is on the rack; the household hears it from delivery."""
    if payload.kind != "medicine" or payload.moved:
        return None
    item = medicine_items.of_arrival(conn, payload.item_id)
    if item is None or not item.requester_id:
        return None
    home = conn.execute(select(people.c.building, people.c.room).where(people.c.person_id == item.requester_id)).first()
    if home is not None and (home.building, home.room) == (item.building, item.room):
        return None
    return Target("person", value=(item.requester_id,),
                  facts={"request_id": item.request_id, "household": f"{item.building}-{item.room}"})


filer_of_medicine.sample_facts = {"request_id": "MR1", "household": "3-101"}


def item_done(conn: Connection, payload: d.ItemPickedUp) -> dict[str, int]:
    """An item leaves the racks when its last household picked up: counted once."""
    if payload.waiting_households or not racks.first_done(conn, payload.item_id, payload.picked_at):
        return {}
    return {"picked_up": 1, "waiting_rack": -1}


ROUTES = {
    d.DeliveryPlanned: route(say("delivery/delivery.planned.carriers", role("property")),
                             say("delivery/delivery.planned.carriers", role("volunteer")),
                             say("delivery/delivery.planned.admin", portion_admins)),
    d.DeliveryAwaitingSheet: route(say("delivery/delivery.awaiting_sheet", role("property")),
                                   say("delivery/delivery.awaiting_sheet", role("committee"))),
    d.DeliveryHeldBack: route(say("delivery/delivery.held_back", role("property")),
                              say("delivery/delivery.held_back", role("committee"))),
    d.RackConfirmed: route(say("delivery/rack.confirmed", reply), say("delivery/rack.confirmed.filer", filer_of_medicine),
                           lookup=reached,
                           counts=count("racked", "waiting_rack", when=lambda p: not p.moved)),
    d.ItemRacked: route(say("delivery/item.racked", resident_else_building), lasts=on_rack, ends=racked_ends),
    d.DeliveryRequestRefused: route(say("delivery/delivery.request_refused", reply)),
    d.ItemPickedUp: route(say("delivery/item.picked_up", reply),
                          say("delivery/item.picked_up.household", household_of(proxy_took_it)),
                          tally=item_done, ends=lambda p: [on_rack(p)]),
    d.PickupRefused: route(say("delivery/pickup.refused", reply)),
    d.ProxyNamed: route(say("delivery/proxy.named", reply),
                        say("delivery/proxy.named.proxy", person("proxy_id"), when=other_than_asker("proxy_id"))),
    d.ReminderDue: route(say("delivery/reminder.due", resident_else_building), lasts=on_rack),
    d.ItemEscalated: route(say("delivery/item.escalated", admin_else_committee)),
    d.DeliveryStatusReported: route(say("delivery/delivery.status_reported", reply)),
}
