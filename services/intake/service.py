"""intake's composition: its consumers, tables and timers."""

from __future__ import annotations

from shared.contracts import streams, subjects
from shared.runtime.consumer import ConsumerSpec
from shared.runtime.incoming import decode_chat_in
from shared.runtime.service import ServiceDefinition

from . import metrics
from .handlers import make_chat_handler
from .settings import IntakeSettings
from .tables import MIGRATIONS, metadata

NAME = "intake"
METRICS_PORT = 9311


def definition(settings: IntakeSettings | None = None) -> ServiceDefinition:
    settings = settings or IntakeSettings()
    return ServiceDefinition(
        name=NAME,
        metadata=metadata,
        migrations=MIGRATIONS,
        default_metrics_port=METRICS_PORT,
        description="Turns chat messages from any platform into intents.",
        metrics=metrics.register,
        consumers=[
            ConsumerSpec(
                name="intake-chat",
                stream=streams.CHAT_IN,
                filter_subjects=(subjects.chat_in(),),
                decode=decode_chat_in,
                handle=make_chat_handler(settings),
                description="Every message people write, from every chat platform's adapter.",
            )
        ],
    )
