import sys

from shared.runtime.errors import StartupError
from shared.runtime.main import run_service
from shared.runtime.settings import load_settings

from .service import definition
from .settings import HoldingSettings

if __name__ == "__main__":
    try:
        settings = load_settings(HoldingSettings)  # the definition needs them (hold hours, zone)
    except StartupError as exc:
        print(f"holding: cannot start: {exc}", file=sys.stderr)
        sys.exit(2)
    run_service(definition(settings), HoldingSettings)
