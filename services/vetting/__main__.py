import sys

from shared.runtime.errors import StartupError
from shared.runtime.main import run_service

from .service import definition
from .settings import VettingSettings, load

if __name__ == "__main__":
    try:  # the routing table needs the settings (categories, policies) before the run
        settings = load()
    except StartupError as exc:
        print(f"vetting: cannot start: {exc}", file=sys.stderr)
        sys.exit(2)
    run_service(definition(settings), VettingSettings)
