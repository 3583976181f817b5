"""vetting's events: replies to whoever asked, the leader when the committee decided,
the committee when something waits for it, every group when a buy opens and closes."""

from __future__ import annotations

from shared.contracts import vetting as v

from .audience import groups, housemates, other_than_asker, person, reply, reply_else, role
from .model import count, route, say


def while_open(payload) -> str:
    """A buy's opening is worth posting to a group registered later only while it is open."""
    return f"groupbuy:{payload.groupbuy_id}"


ROUTES = {
    v.VendorRegistered: route(say("vetting/vendor.registered", reply),
                              say("vetting/vendor.registered.committee", role("committee"),
                                  when=lambda p: not p.guaranteed)),
    v.VendorApproved: route(say("vetting/vendor.approved", reply), counts=count("vendors_approved")),
    v.VendorRefused: route(say("vetting/vendor.refused", reply)),
    v.VendorSuspended: route(say("vetting/vendor.suspended", role("committee")), counts=count("vendors_suspended")),
    v.GroupBuyProposed: route(say("vetting/groupbuy.proposed", reply),
                              say("vetting/groupbuy.proposed.committee", role("committee"))),
    v.GroupBuyRefused: route(say("vetting/groupbuy.refused", reply),
                             say("vetting/groupbuy.refused.leader", person("leader_id"),
                                 when=other_than_asker("leader_id"))),
    v.GroupBuyApproved: route(say("vetting/groupbuy.approved", reply),
                              say("vetting/groupbuy.approved.leader", person("leader_id"),
                                  when=other_than_asker("leader_id"))),
    v.GroupBuyOpened: route(say("vetting/groupbuy.opened", groups("all")), counts=count("groupbuys_opened"),
                            lasts=while_open),
    v.GroupBuyClosed: route(say("vetting/groupbuy.closed", reply_else(person("leader_id"))),
                            say("vetting/groupbuy.closed.groups", groups("all")), ends=lambda p: [while_open(p)],
                            counts=count("groupbuys_closed")),
    v.GroupBuyWarned: route(say("vetting/groupbuy.warned", person("leader_id"))),
    v.OrderAccepted: route(say("vetting/order.accepted", reply),
                           say("vetting/order.accepted.household", housemates, when=lambda p: p.qty != p.previous_qty),
                           counts=count("orders", when=lambda p: p.qty > 0)),
    v.OrderRefused: route(say("vetting/order.refused", reply)),
    v.OrderCancelled: route(say("vetting/order.cancelled", reply_else(person("person_id"))),
                            say("vetting/order.cancelled.household", housemates)),
    v.RequestRefused: route(say("vetting/request.refused", reply)),
    v.VettingStatusReported: route(say("vetting/status.reported", reply)),
}
