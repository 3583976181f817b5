"""medicine as a FastStream application: `faststream run services.medicine.app:app --factory`
(what `python -m services.medicine` runs, without its one-line start-up errors)."""

from faststream import FastStream

from shared.runtime.main import service_app

from .service import definition
from .settings import MedicineSettings


def app() -> FastStream:
    return service_app(definition, MedicineSettings)
