"""`python -m adapters.webhook`: serve the webhook adapter (settings from LASTMILE_*)."""

import sys

import uvicorn

from shared.runtime.errors import StartupError
from shared.runtime.settings import load_settings

from .app import make_app
from .settings import WebhookSettings

if __name__ == "__main__":
    try:
        settings = load_settings(WebhookSettings)
    except StartupError as exc:
        print(f"webhook adapter: cannot start: {exc}", file=sys.stderr)
        sys.exit(2)
    uvicorn.run(make_app(settings), host=settings.webhook_host, port=settings.webhook_port,
                log_level=settings.log_level.lower())
