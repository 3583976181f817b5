"""medicine's composition: what it consumes, its timer, tables and metrics (the routing table)."""

from __future__ import annotations

from functools import partial

from shared.contracts import holding, intake
from shared.runtime.dispatch import event_consumer
from shared.runtime.service import ServiceDefinition

from . import metrics
from .handlers import readmodel, requests, runs, status, substitutes
from .handlers.context import Medicine
from .settings import MedicineSettings
from .tables import MIGRATIONS, metadata

NAME = "medicine"
METRICS_PORT = 9316


def definition(settings: MedicineSettings) -> ServiceDefinition:
    medicine = Medicine.from_settings(settings)
    return ServiceDefinition(
        name=NAME,
        metadata=metadata,
        migrations=MIGRATIONS,
        default_metrics_port=METRICS_PORT,
        description="Medicine runs: requests triaged by urgency, hospital runs, substitutes the "
                    "resident confirms, hand-off to the gate; medical details sealed and need-to-know.",
        metrics=metrics.register,
        consumers=[
            event_consumer("medicine-intents", source="intake", community=settings.community, routes={
                intake.MedicineRequested: partial(requests.on_request, medicine=medicine),
                intake.MedicineUrgencyChangeRequested: partial(requests.on_urgency, medicine=medicine),
                intake.MedicineRunRequested: partial(runs.on_run, medicine=medicine),
                intake.MedicineOutcomeRequested: partial(runs.on_outcome, medicine=medicine),
                intake.MedicineSubstituteAnswerRequested: partial(substitutes.on_answer, medicine=medicine),
                intake.MedicineHandoffRequested: runs.on_handoff,
                intake.StatusRequested: partial(status.on_status, medicine=medicine),
                intake.PersonRegistered: readmodel.on_person,
            }, description="What residents, admins, volunteers and the committee ask of medicine runs; the roster."),
            event_consumer("medicine-holding", source="holding", community=settings.community, routes={
                holding.ArrivalRegistered: readmodel.on_arrival,
            }, description="The gate's arrival id of each handed-in request."),
        ],
        timers={runs.SUBSTITUTE_TIMER: partial(substitutes.on_deadline, medicine=medicine)},
    )
