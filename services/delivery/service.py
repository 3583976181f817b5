"""delivery's composition: what it consumes, its timer, tables and metrics (the routing table)."""

from __future__ import annotations

from functools import partial

from shared.contracts import holding, intake, vetting
from shared.runtime.dispatch import event_consumer
from shared.runtime.service import ServiceDefinition

from . import handlers, planning, readmodel, status, timers
from .metrics import DeliveryMetrics
from .settings import DeliverySettings
from .tables import MIGRATIONS, metadata

NAME = "delivery"
METRICS_PORT = 9314


def definition(settings: DeliverySettings, metrics: DeliveryMetrics | None = None) -> ServiceDefinition:
    metrics = metrics or DeliveryMetrics()
    return ServiceDefinition(
        name=NAME,
        metadata=metadata,
        migrations=MIGRATIONS,
        default_metrics_port=METRICS_PORT,
        description="The last 100 metres: building racks, arrival notices, pickups, reminders, escalation.",
        metrics=metrics.register,
        consumers=[
            event_consumer("delivery-intents", source="intake", community=settings.community, routes={
                intake.PersonRegistered: readmodel.on_person,
                intake.RackRequested: partial(handlers.on_rack, settings=settings, metrics=metrics),
                intake.PickupRequested: partial(handlers.on_pickup, metrics=metrics),
                intake.ProxyRequested: handlers.on_proxy,
                intake.StatusRequested: status.on_status,
            }, description="Who lives where; what property, volunteers and residents ask of the racks."),
            event_consumer("delivery-holding", source="holding", community=settings.community, routes={
                holding.HoldReleased: planning.on_released,
            }, description="Arrivals released at the gate: what to carry to which rack."),
            event_consumer("delivery-vetting", source="vetting", community=settings.community, routes={
                vetting.SheetIssued: readmodel.on_sheet,
            }, description="Order sheets: how a group buy's delivery splits into building portions."),
        ],
        timers={timers.REMINDER: partial(timers.on_reminder, schedule=settings.schedule)},
    )
