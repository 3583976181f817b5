"""notify's composition: one consumer per source service (its routing table plus the few
intents notify owns), the adapters' receipts, and the timers of the dispatcher, the
broadcast reports and the bulletin."""

from __future__ import annotations

from functools import partial

from shared.contracts import streams, subjects
from shared.contracts.chat import ChatReceipt
from shared.contracts.intake import (AnnouncementRequested, BulletinAdditionRequested,
                                     GroupChatRegistrationRequested, IdentityBound, PersonRegistered,
                                     StatusRequested)
from shared.runtime.consumer import ConsumerSpec
from shared.runtime.dispatch import event_consumer
from shared.runtime.incoming import decode_model
from shared.runtime.service import ServiceDefinition

from . import metrics
from .handlers import (announcements, broadcasts, bulletin, dispatch, groupchats, people, receipts, routed,
                       unreached)
from .handlers.context import BULLETIN_TIMER, Notify
from .routes import BY_SOURCE
from .settings import NotifySettings
from .tables import MIGRATIONS, metadata

NAME = "notify"
METRICS_PORT = 9315

OWN_INTENTS = {  # intake's events that notify itself acts on
    PersonRegistered: people.on_person,
    IdentityBound: people.on_bound,
    AnnouncementRequested: announcements.on_announcement,
    GroupChatRegistrationRequested: groupchats.on_registration,
    BulletinAdditionRequested: bulletin.on_addition,
    StatusRequested: unreached.on_status,
}


def handlers_for(ctx: Notify, source: str) -> dict:
    found = {model: partial(routed.handle, ctx, r) for model, r in BY_SOURCE[source].items()}
    if source == "intake":
        found.update({model: partial(handler, ctx) for model, handler in OWN_INTENTS.items()})
    return found


def definition(settings: NotifySettings) -> ServiceDefinition:
    ctx = Notify.from_settings(settings)
    consumers = [
        event_consumer(f"notify-{source}", source=source, community=settings.community,
                       routes=handlers_for(ctx, source), description=f"{source}'s events people hear about.")
        for source in BY_SOURCE
    ]
    consumers.append(ConsumerSpec(
        name="notify-receipts", stream=streams.CHAT_RECEIPT, filter_subjects=(subjects.chat_receipt(),),
        decode=decode_model(ChatReceipt, key=receipts.receipt_key), handle=partial(receipts.on_receipt, ctx),
        description="Adapters' word on each chat message: delivered, or failed (then retried).",
    ))
    return ServiceDefinition(
        name=NAME,
        metadata=metadata,
        migrations=MIGRATIONS,
        default_metrics_port=METRICS_PORT,
        description="The right people, in their language, on their platform: replies, notices, the bulletin.",
        consumers=consumers,
        metrics=metrics.register,
        timers={
            dispatch.DISPATCH_TIMER: partial(dispatch.on_dispatch_timer, ctx),
            broadcasts.REPORT_TIMER: partial(broadcasts.on_report_timer, ctx),
            BULLETIN_TIMER: partial(bulletin.on_bulletin_timer, ctx),
        },
    )
