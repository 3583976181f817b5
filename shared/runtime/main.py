"""The entry point every service's `__main__` calls."""

from __future__ import annotations

import gc
import os
import sys
from typing import Callable


def _without_websockets() -> None:
    """nats-py imports aiohttp for its websocket transport whenever it is installed (the
    Matrix adapter brings it): about 11 MiB resident in every service process that never
    uses it. A service whose NATS URL is nats:// or tls:// hides it before nats is imported;
    a ws:// or wss:// URL keeps it. Only in a service's own process (`python -m services.x`),
    never where something else (a test session, an adapter) may want aiohttp."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    if spec is None or not spec.name.startswith("services."):
        return
    urls = os.environ.get("LASTMILE_NATS_URL", "")
    if not any(url.strip().startswith("ws") for url in urls.split(",")):
        sys.modules.setdefault("aiohttp", None)  # `import aiohttp` then raises ImportError


_without_websockets()

from faststream import FastStream  # noqa: E402 (after the websocket decision)

from .errors import StartupError  # noqa: E402
from .logs import setup_logging  # noqa: E402
from .loop import run  # noqa: E402
from .service import ConnectionLost, ServiceDefinition, ServiceRuntime  # noqa: E402
from .settings import S, load_settings  # noqa: E402
from .store import Store  # noqa: E402


def service_runtime(build: Callable[[S], ServiceDefinition], settings_cls: type[S]) -> ServiceRuntime:
    """The service of this process, from its settings (environment), logging set up.

    `build(settings)` makes the definition, since routes and timers may depend on settings."""
    settings = load_settings(settings_cls)
    setup_logging(settings.log_level, settings.log_json)
    Store.migrate_in_child = True  # this process lives long: alembic stays out of it
    runtime = ServiceRuntime(build(settings), settings)
    # What is built by now (modules, classes, pydantic and SQLAlchemy machinery: ~90,000
    # objects) lives as long as the process: leave it out of every garbage collection,
    # whose full pass otherwise stops the process for 40–80 ms under the bench's load.
    gc.freeze()
    return runtime


def service_app(build: Callable[[S], ServiceDefinition], settings_cls: type[S]) -> FastStream:
    """The FastStream application, for `faststream run services.<name>.app:app --factory`."""
    return service_runtime(build, settings_cls).app


def run_service(name: str, build: Callable[[S], ServiceDefinition], settings_cls: type[S]) -> None:
    """Run one service until SIGTERM; a bad setting exits at once with one clear line."""
    try:
        run(service_runtime(build, settings_cls).serve())
    except StartupError as exc:
        print(f"{name}: cannot start: {exc}", file=sys.stderr)
        sys.exit(2)
    except ConnectionLost as exc:
        print(f"{name}: NATS closed the connection ({exc}); exiting to be restarted", file=sys.stderr)
        sys.exit(3)


__all__ = ["run_service", "service_app"]
