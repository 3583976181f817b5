"""notify as a FastStream application: `faststream run services.notify.app:app --factory`
(what `python -m services.notify` runs, without its one-line start-up errors)."""

from faststream import FastStream

from shared.runtime.main import service_app

from .service import definition
from .settings import NotifySettings


def app() -> FastStream:
    return service_app(definition, NotifySettings)
