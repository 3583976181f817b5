"""The service's FastStream `NatsBroker`: its connection options, FastStream's Prometheus
middleware on the service's own registry, and FastStream's logging kept to what matters."""

from __future__ import annotations

import logging
from typing import Awaitable, Callable

from faststream.nats import NatsBroker
from faststream.nats.prometheus import NatsPrometheusMiddleware
from prometheus_client import CollectorRegistry

from .settings import ServiceSettings

# FastStream logs two lines per message ("Received", "Processed") at the broker's log level:
# DEBUG keeps them out of an INFO log (the runtime writes its own handled line). Its warning
# with a traceback at every broken connection repeats the runtime's one line: ERROR only.
FASTSTREAM_LOG = logging.getLogger("lastmile.faststream")
FASTSTREAM_LOG.setLevel(logging.ERROR)


def make_broker(service: str, settings: ServiceSettings, registry: CollectorRegistry, *,
                error_cb: Callable[[Exception], Awaitable[None]],
                reconnected_cb: Callable[[], Awaitable[None]],
                closed_cb: Callable[[], Awaitable[None]]) -> NatsBroker:
    """Not connected: the runtime connects in its start-up hook, after the store opened.

    `graceful_timeout` is half of `ack_wait`: a batch still running then is redelivered, so
    waiting longer would only delay the stop."""
    return NatsBroker(
        settings.nats_url.split(","), name=f"lastmile-{service}",
        max_reconnect_attempts=-1, reconnect_time_wait=1, connect_timeout=settings.nats_connect_timeout,
        error_cb=error_cb, reconnected_cb=reconnected_cb, closed_cb=closed_cb,
        graceful_timeout=settings.ack_wait / 2,
        middlewares=[NatsPrometheusMiddleware(registry=registry, app_name=service)],
        logger=FASTSTREAM_LOG, log_level=logging.DEBUG,
        description=f"lastmile {service}",
    )
