"""One platform adapter as its own process: NATS, `/metrics` and `/health` on its own port,
the platform's receive loop and the `chat.out` delivery loop, until SIGTERM.

A platform plugs in with four things (`Platform`): log in, receive forever, send one
message, close. Everything else — acks, receipts, metrics, health — is the same for all.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from typing import Callable, Protocol

import nats

from shared.contracts.chat import ChatOut, ChatReceipt
from shared.runtime.errors import StartupError
from shared.runtime.health import HealthServer
from shared.runtime.logs import setup_logging
from shared.runtime.settings import S, ServiceSettings, load_settings

from .envelope import disconnect, provision_outgoing
from .metrics import AdapterMetrics
from .outgoing import Outgoing

log = logging.getLogger("lastmile.adapter")


class Platform(Protocol):
    platform: str
    reachable: bool  # the last call to the platform succeeded

    async def open(self) -> None: ...
    async def receive(self) -> None: ...
    async def send(self, out: ChatOut) -> ChatReceipt: ...
    async def close(self) -> None: ...


Build = Callable[[object, AdapterMetrics], Platform]  # (JetStream context, metrics) → platform


class AdapterProcess:
    def __init__(self, settings: ServiceSettings, platform: str, default_port: int):
        self.settings = settings
        self.name = platform
        self.port = settings.metrics_port if settings.metrics_port is not None else default_port
        self.metrics = AdapterMetrics(platform)
        self.nc = None
        self.platform: Platform | None = None
        self.health: HealthServer | None = None
        self.outgoing: Outgoing | None = None
        self._tasks: list[asyncio.Task] = []

    def _checks(self) -> dict[str, bool]:
        own = getattr(self.platform, "checks", None)  # a platform may say more than "reachable"
        platform = own() if own else {"platform": bool(self.platform and self.platform.reachable)}
        return {"nats": bool(self.nc and self.nc.is_connected), **platform}

    async def _on_disconnect(self) -> None:
        self.metrics.reconnects.inc()

    async def _on_reconnect(self) -> None:
        if self.outgoing:
            self.outgoing.reconnected()

    async def start(self, build: Build) -> None:
        s = self.settings
        self.health = HealthServer(s.metrics_host, self.port, self.metrics.registry, self._checks, run_id=s.run_id)
        try:
            self.nc = await nats.connect(s.nats_url.split(","), name=f"lastmile-adapter-{self.name}",
                                         max_reconnect_attempts=-1, connect_timeout=s.nats_connect_timeout,
                                         disconnected_cb=self._on_disconnect, reconnected_cb=self._on_reconnect)
        except Exception as exc:
            raise StartupError(f"LASTMILE_NATS_URL: cannot reach NATS at {s.nats_url} ({exc})") from None
        js = self.nc.jetstream()
        self.platform = build(js, self.metrics)
        await self.platform.open()
        await provision_outgoing(js, self.name, ack_wait=s.ack_wait, timeout=s.nats_connect_timeout * 6)
        self.outgoing = Outgoing(self.nc, self.name, self.platform.send, self.metrics, ack_wait=s.ack_wait)
        self._tasks = [asyncio.create_task(self.platform.receive(), name=f"{self.name}-receive"),
                       asyncio.create_task(self.outgoing.run(), name=f"{self.name}-send")]
        self.health.start()
        log.info("%s adapter started: metrics and health on %s:%s", self.name, s.metrics_host, self.health.port)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.platform:
            await self.platform.close()
        if self.health:
            self.health.stop()
        if self.nc:
            await disconnect(self.nc)

    async def serve(self, build: Build) -> None:
        """Run until SIGINT/SIGTERM; a loop that dies takes the process down (supervisord restarts it)."""
        await self.start(build)
        stop = asyncio.get_running_loop().create_future()
        for sig in (signal.SIGINT, signal.SIGTERM):
            asyncio.get_running_loop().add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
        done, _ = await asyncio.wait([stop, *self._tasks], return_when=asyncio.FIRST_COMPLETED)
        crashed = [t for t in done if t is not stop]
        await self.stop()
        for task in crashed:
            task.result()  # re-raise what killed it


def run_adapter(platform: str, settings_cls: type[S], build_from: Callable[[S], Build], default_port: int) -> None:
    """`python -m adapters.<platform>`: a bad or missing setting exits at once with one clear line."""
    try:
        settings = load_settings(settings_cls)
        setup_logging(settings.log_level, settings.log_json)
        process = AdapterProcess(settings, platform, default_port)
        asyncio.run(process.serve(build_from(settings)))
    except StartupError as exc:
        print(f"{platform} adapter: cannot start: {exc}", file=sys.stderr)
        sys.exit(2)
