"""intake as a FastStream application: `faststream run services.intake.app:app --factory`
(what `python -m services.intake` runs, without its one-line start-up errors)."""

from faststream import FastStream

from shared.runtime.main import service_app

from .service import definition
from .settings import IntakeSettings


def app() -> FastStream:
    return service_app(definition, IntakeSettings)
