"""`python -m adapters.telegram`: run the Telegram adapter (settings from LASTMILE_*)."""

from ..process import run_adapter
from .adapter import build
from .settings import METRICS_PORT, TelegramSettings

if __name__ == "__main__":
    run_adapter("telegram", TelegramSettings, build, METRICS_PORT)
