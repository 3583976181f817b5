"""holding's events: replies to the gate's staff, the household when its parcel or
medicine moves, property staff of each arrival to disinfect (and again when it is overdue),
every group on a zone change."""

from __future__ import annotations

from shared.contracts import holding as h

from ..db import medicine_items
from .audience import groups, household_of, reply, role
from .model import count, counts_all, route, say


def household(payload) -> tuple[str, str] | None:
    """Parcels and medicine belong to one household; a group buy's delivery to many (delivery splits it)."""
    where = payload.destination
    return (where.building, where.room) if where.kind != "groupbuy" and where.building and where.room else None


def at_gate(payload) -> str:
    """A gate notice is worth sending until the next about the same arrival replaces it
    (released, then on the rack: delivery's `item.racked` ends it)."""
    return f"gate:{payload.arrival_id}"


def remember_gate_id(conn, payload: h.ArrivalRegistered) -> dict[str, int]:
    """A medicine run's arrival (M3) is its request's (MR12): remembered for its filer."""
    if payload.destination.request_id:
        medicine_items.at_gate(conn, request_id=payload.destination.request_id, arrival_id=payload.arrival_id)
    return {}


ROUTES = {
    h.ArrivalRegistered: route(say("holding/arrival.registered", reply),
                               say("holding/arrival.registered.household", household_of(household)),
                               say("holding/arrival.registered.property", role("property")),
                               lasts=at_gate, counts=counts_all(count("arrivals"), count("waiting_gate")),
                               tally=remember_gate_id),
    h.ArrivalRefused: route(say("holding/arrival.refused", reply), counts=count("refused")),
    h.ArrivalDisinfected: route(say("holding/arrival.disinfected", reply), counts=count("disinfected")),
    h.DisinfectionOverdue: route(say("holding/disinfection.overdue", role("property"))),
    h.HoldExtended: route(say("holding/hold.extended", reply)),
    h.HoldReleased: route(say("holding/hold.released.household", household_of(household)),
                          lasts=at_gate, ends=lambda p: [at_gate(p)],
                          counts=counts_all(count("released"), count("waiting_gate", delta=-1))),
    h.ZoneChanged: route(say("holding/zone.changed", reply), say("holding/zone.changed.groups", groups("all"))),
    h.GateRequestRefused: route(say("holding/gate.request_refused", reply)),
    h.GateStatusReported: route(say("holding/gate.status_reported", reply)),
}
