from shared.runtime.main import run_service

from .service import NAME, definition
from .settings import MedicineSettings

if __name__ == "__main__":
    run_service(NAME, definition, MedicineSettings)
