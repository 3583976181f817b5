"""`python -m adapters.matrix`: run the Matrix adapter (settings from LASTMILE_*)."""

from ..process import run_adapter
from .adapter import build
from .settings import METRICS_PORT, MatrixSettings

if __name__ == "__main__":
    run_adapter("matrix", MatrixSettings, build, METRICS_PORT)
