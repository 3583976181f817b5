"""holding's composition: what it consumes, its timers, tables and metrics (the routing table)."""

from __future__ import annotations

from functools import partial

from shared.contracts import intake, medicine, vetting
from shared.runtime.dispatch import event_consumer
from shared.runtime.service import ServiceDefinition

from . import handlers, readmodel, roster, status, timers
from .metrics import HoldingMetrics
from .settings import HoldingSettings
from .tables import MIGRATIONS, metadata

NAME = "holding"
METRICS_PORT = 9313


def definition(settings: HoldingSettings, metrics: HoldingMetrics | None = None) -> ServiceDefinition:
    metrics = metrics or HoldingMetrics()
    return ServiceDefinition(
        name=NAME,
        metadata=metadata,
        migrations=MIGRATIONS,
        default_metrics_port=METRICS_PORT,
        description="The gate area: arrivals, refusals, disinfection and holds that survive restarts.",
        metrics=metrics.register,
        consumers=[
            event_consumer("holding-intents", source="intake", community=settings.community, routes={
                intake.ArrivalRequested: partial(handlers.on_arrival, settings=settings),
                intake.DisinfectionRequested: partial(handlers.on_disinfection, settings=settings),
                intake.HoldExtensionRequested: handlers.on_extension,
                intake.ZoneChangeRequested: partial(handlers.on_zone_change, settings=settings),
                intake.StatusRequested: partial(status.on_status, settings=settings),
                intake.PersonRegistered: roster.on_person,
            }, description="What guards, property staff and the committee ask of the gate, and who lives where."),
            event_consumer("holding-vetting", source="vetting", community=settings.community, routes={
                vetting.VendorApproved: readmodel.on_vendor_approved,
                vetting.VendorSuspended: readmodel.on_vendor_suspended,
                vetting.GroupBuyOpened: readmodel.on_groupbuy_opened,
                vetting.GroupBuyClosed: readmodel.on_groupbuy_closed,
                vetting.GroupBuyRefused: readmodel.on_groupbuy_refused,
            }, description="Which vendors and group buys may deliver to the gate."),
            event_consumer("holding-medicine", source="medicine", community=settings.community, routes={
                medicine.MedicineHandedOff: partial(handlers.on_medicine_handoff, settings=settings),
            }, description="Medicine a run handed in at the gate: an arrival for the household."),
        ],
        timers={
            timers.RELEASE: partial(timers.release_hold, metrics=metrics),
            timers.DEADLINE: timers.disinfection_overdue,
        },
    )
