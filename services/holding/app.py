"""holding as a FastStream application: `faststream run services.holding.app:app --factory`
(what `python -m services.holding` runs, without its one-line start-up errors)."""

from faststream import FastStream

from shared.runtime.main import service_app

from .service import definition
from .settings import HoldingSettings


def app() -> FastStream:
    return service_app(definition, HoldingSettings)
