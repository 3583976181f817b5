import sys

from shared.runtime.errors import StartupError
from shared.runtime.main import run_service
from shared.runtime.settings import load_settings

from .service import definition
from .settings import IntakeSettings

if __name__ == "__main__":
    try:  # the definition needs the time zone; a bad setting is one clear line, as in run_service
        settings = load_settings(IntakeSettings)
    except StartupError as exc:
        print(f"intake: cannot start: {exc}", file=sys.stderr)
        sys.exit(2)
    run_service(definition(settings), IntakeSettings)
