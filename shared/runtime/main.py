"""The entry point every service's `__main__` calls."""

from __future__ import annotations

import asyncio
import sys
from typing import Callable

from .errors import StartupError
from .logs import setup_logging
from .service import ServiceDefinition, ServiceRuntime
from .settings import S, load_settings


def run_service(name: str, build: Callable[[S], ServiceDefinition], settings_cls: type[S]) -> None:
    """Run one service until SIGTERM; a bad setting exits at once with one clear line.

    `build(settings)` makes the definition, since routes and timers may depend on settings."""
    try:
        settings = load_settings(settings_cls)
        setup_logging(settings.log_level, settings.log_json)
        runtime = ServiceRuntime(build(settings), settings)
        _loop_runner()(runtime.serve())
    except StartupError as exc:
        print(f"{name}: cannot start: {exc}", file=sys.stderr)
        sys.exit(2)


def _loop_runner():
    try:
        import uvloop

        return uvloop.run
    except ImportError:  # pragma: no cover - platforms without uvloop
        return asyncio.run


__all__ = ["run_service"]
