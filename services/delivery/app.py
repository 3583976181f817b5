"""delivery as a FastStream application: `faststream run services.delivery.app:app --factory`
(what `python -m services.delivery` runs, without its one-line start-up errors)."""

from faststream import FastStream

from shared.runtime.main import service_app

from .service import definition
from .settings import DeliverySettings


def app() -> FastStream:
    return service_app(definition, DeliverySettings)
