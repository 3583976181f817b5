"""One service process: NATS connection, store, consumers, relay, timers, metrics and health.

A service is described by a `ServiceDefinition` (its tables, consumers and timers) and run
by `ServiceRuntime` with its settings. Entry points only build the definition and call
`run_service`; nothing connects at import time.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from faststream import FastStream
from nats.aio.client import Client
from nats.errors import ConnectionClosedError
from nats.js import JetStreamContext
from prometheus_client import CollectorRegistry
from sqlalchemy import MetaData

from shared.contracts.streams import owned_by

from .clock import Clock, clock_from
from .consumer import BatchHandler, ConsumerSpec, RetryPolicy
from .errors import StartupError
from .health import HealthServer
from .lag import ConsumerLag
from .metrics import RuntimeMetrics
from .provision import ConsumerSettings, ensure_consumer, ensure_stream, wait_for_stream, when_ready
from .relay import Relay
from .broker import make_broker
from .subscriber import ContinuousPullSubscriber, continuous_subscriber
from .settings import ServiceSettings
from .store import Store
from .timer_metrics import OverdueTimers
from .timers import TimerHandler, TimerRunner

log = logging.getLogger("lastmile.service")

# A service's own (business) metrics: given the runtime's registry and the opened store,
# so it can register metrics its handlers update and collectors that read the store.
MetricsHook = Callable[[CollectorRegistry, Store], None]


@dataclass
class ServiceDefinition:
    name: str
    metadata: MetaData | None = None
    migrations: Path | None = None  # services/<name>/migrations: alembic revisions of `metadata`
    consumers: list[ConsumerSpec] = field(default_factory=list)
    timers: dict[str, TimerHandler] = field(default_factory=dict)
    default_metrics_port: int = 0
    description: str = ""
    metrics: MetricsHook | None = None


class ServiceRuntime:
    """A service as a FastStream application: its `NatsBroker` with one continuous batch
    subscriber per durable consumer, and lifespan hooks that open the store, provision
    streams and consumers, run the outbox relay, the timers and the lag sampler, and stop
    them in order (the batch in hand committed, the last events published, then NATS)."""

    def __init__(self, definition: ServiceDefinition, settings: ServiceSettings, *,
                 clock: Clock | None = None, stream_replicas: int | None = None):
        self.definition = definition
        self.settings = settings
        self.name = definition.name
        self.clock = clock or clock_from(settings.clock_speed, settings.clock_origin, settings.clock_start)
        self.metrics = RuntimeMetrics(self.name)
        self.stream_replicas = stream_replicas or settings.stream_replicas
        self.store: Store | None = None
        self.relay: Relay | None = None
        self.health: HealthServer | None = None
        self._tasks: list[asyncio.Task] = []
        self._lag: ConsumerLag | None = None
        self._stopping = False
        self.connection_lost = asyncio.Event()  # NATS closed the client for good (see _closed)
        self.broker = make_broker(self.name, settings, self.metrics.registry, error_cb=self._nats_error,
                                  reconnected_cb=self._reconnected, closed_cb=self._closed)
        self._handlers = [self._batch_handler(spec) for spec in definition.consumers]
        self.subscribers = [self._subscriber(handler) for handler in self._handlers]
        self.app = FastStream(self.broker, logger=None, on_startup=[self._open], after_startup=[self._run],
                              on_shutdown=[self._stop_work], after_shutdown=[self._close])

    # -- wiring -------------------------------------------------------------------------

    @property
    def nc(self) -> Client | None:
        return self.broker._connection

    @property
    def js(self) -> JetStreamContext:
        """The broker's one context for the connection's life. Each `nc.jetstream()` is a new
        context, and the first `publish_async` on a context subscribes a reply inbox of its own
        that nats-py never unsubscribes: a context per relay round leaked a subscription (its
        task, queue, parser) every round, ~5 KiB resident each, +1 MiB/s in intake at 400/s."""
        assert self.nc is not None, "not connected"
        return self.broker.config.connection_state.stream

    def _wake_relay(self) -> None:
        if self.relay:
            self.relay.wake()

    def _batch_handler(self, spec: ConsumerSpec) -> BatchHandler:
        return BatchHandler(
            spec, service=self.name, community=self.settings.community,
            clock=self.clock, metrics=self.metrics,
            retry=RetryPolicy(self.settings.max_attempts, self.settings.retry_delays),
            js_provider=lambda: self.js, on_commit=self._wake_relay,
            heartbeat=self.settings.ack_wait / 3,
        )

    def _subscriber(self, handler: BatchHandler) -> ContinuousPullSubscriber:
        spec = handler.spec
        subscriber = continuous_subscriber(
            self.broker, stream=spec.stream.name, durable=spec.name, filter_subjects=spec.filter_subjects,
            batch_size=self.settings.batch_size, description=spec.description, title=spec.name)

        async def consume(messages: Any) -> None:  # `Any`: each payload is validated in `handler`
            await handler(messages)

        subscriber(consume)
        return subscriber

    # -- lifecycle ----------------------------------------------------------------------

    async def _nats_error(self, exc: Exception) -> None:
        """nats-py reports every failed (re)connect here; one short line, no traceback."""
        self._last_nats_error = f"{type(exc).__name__}: {exc}".strip(": ")
        if self.nc is not None:
            log.warning("NATS: %s", self._last_nats_error)

    async def _reconnected(self) -> None:
        log.warning("NATS: reconnected to %s", self.nc.connected_url.netloc if self.nc and self.nc.connected_url else "?")
        for subscriber in self.subscribers:
            subscriber.reconnected()

    async def _closed(self) -> None:
        """nats-py closes the client for good on any `-ERR` from the server (e.g. a message
        over max_payload) and then never reconnects: a process left like that answers
        nobody. `serve` exits so the supervisor starts it again on a fresh connection."""
        if not self._stopping:
            log.error("NATS closed the connection (%s): restarting the process",
                      self._last_nats_error or "no reason given")
            self.connection_lost.set()
            self.app.exit()

    async def _connect(self) -> None:
        self._last_nats_error = ""
        try:
            await asyncio.wait_for(self.broker.connect(), self.settings.nats_connect_timeout)
        except Exception as exc:
            reason = self._last_nats_error or str(exc) or type(exc).__name__
            raise StartupError(f"{self.settings.nats_variable}: cannot reach NATS at {self.settings.nats_url} "
                               f"within {self.settings.nats_connect_timeout:g}s ({reason})") from None

    async def _provision(self) -> None:
        patience = self.settings.nats_connect_timeout * 6
        for spec in owned_by(self.name):
            await when_ready(f"stream {spec.name}",
                             lambda: ensure_stream(self.js, spec, self.stream_replicas), patience)
        for consumer in self.definition.consumers:
            await when_ready(f"stream {consumer.stream.name}",
                             lambda: wait_for_stream(self.js, consumer.stream, timeout=patience), patience)
            wanted = ConsumerSettings(
                durable=consumer.name, filter_subjects=consumer.filter_subjects,
                ack_wait=self.settings.ack_wait,
                max_ack_pending=max(1000, self.settings.batch_size * 4),
            )
            await when_ready(f"consumer {consumer.name}",
                             lambda: ensure_consumer(self.js, consumer.stream, wanted), patience)

    def _open_store(self) -> Store:
        url = self.settings.database_url_for(self.name)
        try:
            store = Store(url, schema=self.settings.schema_for(self.name), metadata=self.definition.metadata,
                          migrations=self.definition.migrations, busy_timeout=self.settings.sqlite_busy_timeout)
            store.migrate()
            store.on_lock_wait = self.metrics.store_lock_waits.inc
        except Exception as exc:
            raise StartupError(f"LASTMILE_DATABASE_URL: cannot open the {self.name} store at "
                               f"{_redact(url)} ({type(exc).__name__}: {exc})") from None
        return store

    def _health(self) -> dict[str, bool]:
        nats_ok = bool(self.nc and self.nc.is_connected)
        store_ok = bool(self.store and self.store.ping())
        return {"nats": nats_ok, "store": store_ok, "writable": store_ok and not self.store.refusing_writes}

    async def _open(self) -> None:
        """Before the subscribers start: the store (migrated), the metrics port, NATS, the
        streams this service owns and its durable consumers, the relay."""
        port = self.settings.metrics_port
        if port is None:
            port = self.definition.default_metrics_port
        self.store = self._open_store()
        self.metrics.registry.register(OverdueTimers(self.store, self.clock, list(self.definition.timers)))
        if self.definition.metrics:
            self.definition.metrics(self.metrics.registry, self.store)
        self.health = HealthServer(self.settings.metrics_host, port, self.metrics.registry, self._health,
                                   run_id=self.settings.run_id)
        await self._connect()
        await self._provision()
        self.relay = Relay(self.store, lambda: self.js, self.metrics, self.settings.relay_interval)
        for handler in self._handlers:
            handler.store = self.store
            handler.relay = self.relay

    async def _run(self) -> None:
        """Once the subscribers pull: the relay, the timers, the lag sampler, /metrics."""
        timers = TimerRunner(
            self.store, self.clock, self.definition.timers, service=self.name,
            community=self.settings.community, metrics=self.metrics,
            interval=self.settings.timer_interval, on_commit=self._wake_relay,
        )
        self._lag = ConsumerLag(lambda: self.js, [(c.stream.name, c.name) for c in self.definition.consumers],
                                self.metrics, self.settings.consumer_lag_interval)
        self._tasks = [asyncio.create_task(self.relay.run(), name="relay"),
                       asyncio.create_task(timers.run(), name="timers"),
                       asyncio.create_task(self._lag.run(), name="consumer-lag")]
        self.relay.wake()
        self.health.start()
        log.info("%s started: metrics and health on %s:%s", self.name, self.settings.metrics_host, self.health.port)

    async def _stop_work(self) -> None:
        """Before the broker disconnects: the subscribers stop (the batch in hand is committed
        and acked, what was pulled and not handled is handed back), then the background tasks,
        then the relay publishes what is left while NATS is still there."""
        self._stopping = True
        log.info("%s stopping", self.name)
        await asyncio.gather(*(subscriber.stop() for subscriber in self.subscribers))
        if self._lag:
            self._lag.stop()
        if self.relay:
            self.relay.stop()  # drained below
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.relay and self.nc:
            try:
                await self.relay.drain()
            except Exception as exc:
                log.warning("could not publish the last outbox events (they wait in the store): %s", exc)

    async def _close(self) -> None:
        if self.health:
            self.health.stop()
        if self.store:
            self.store.close()

    async def start(self) -> None:
        await self.app.start()

    async def stop(self) -> None:
        self._stopping = True
        if self.nc is None:  # never connected: nothing of the broker to stop
            await self._close()
            return
        await self.app.stop()

    async def serve(self) -> None:
        """Run until SIGINT or SIGTERM (FastStream's signal handling), then stop cleanly; if
        NATS closed the connection for good, stop and raise `ConnectionLost` (the process
        exits non-zero and is restarted)."""
        try:
            await self.app.run()
        except ConnectionClosedError:  # the broker could not drain a connection NATS closed
            if not self.connection_lost.is_set():
                raise
            await self._close()
        if self.connection_lost.is_set():
            raise ConnectionLost(self._last_nats_error or "NATS closed the connection")


class ConnectionLost(RuntimeError):
    """NATS closed the service's connection for good; a new process gets a new one."""


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url
