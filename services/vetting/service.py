"""vetting's composition: the routing table from intake's intents to handlers, and timers."""

from __future__ import annotations

from functools import partial

from shared.contracts.intake import (DecisionRequested, GroupBuyCloseRequested, GroupBuyProposalRequested,
                                     OrderCancelRequested, OrderRequested, OrderRequestedV1, StatusRequested,
                                     VendorRegistrationRequested)
from shared.runtime.dispatch import event_consumer
from shared.runtime.service import ServiceDefinition

from . import metrics
from .handlers import closing, decisions, groupbuys, orders, status, vendors
from .handlers.context import Rules
from .settings import VettingSettings
from .tables import MIGRATIONS, metadata

NAME = "vetting"
METRICS_PORT = 9312


def definition(settings: VettingSettings) -> ServiceDefinition:
    rules = Rules.from_settings(settings)
    routes = {
        VendorRegistrationRequested: vendors.on_registration,
        GroupBuyProposalRequested: groupbuys.on_proposal,
        DecisionRequested: decisions.on_decision,
        OrderRequested: orders.on_order,
        OrderRequestedV1: orders.on_order,  # what is still on the streams from before version 2
        OrderCancelRequested: orders.on_cancel,
        GroupBuyCloseRequested: closing.on_close_request,
        StatusRequested: status.on_status,
    }
    timers = {
        vendors.LICENCE_TIMER: vendors.on_licence_expiry,
        groupbuys.DEADLINE_TIMER: closing.on_deadline,
    }
    return ServiceDefinition(
        name=NAME,
        metadata=metadata,
        migrations=MIGRATIONS,
        metrics=metrics.register,
        default_metrics_port=METRICS_PORT,
        description="Vendors and licences, essentials only, group buys from proposal to order sheet.",
        consumers=[event_consumer(
            "vetting-intents", source="intake", community=settings.community,
            routes={model: partial(handler, rules) for model, handler in routes.items()},
            description="What people asked of vetting: vendors, group buys, decisions, orders, status.",
        )],
        timers={kind: partial(handler, rules) for kind, handler in timers.items()},
    )
