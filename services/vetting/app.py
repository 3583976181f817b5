"""vetting as a FastStream application: `faststream run services.vetting.app:app --factory`
(what `python -m services.vetting` runs, without its one-line start-up errors)."""

from faststream import FastStream

from shared.runtime.main import service_app

from .service import definition
from .settings import VettingSettings


def app() -> FastStream:
    return service_app(definition, VettingSettings)
