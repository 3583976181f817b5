"""Running services in tests: in-process (fast, for most flows) or as real processes
(for SIGKILL and restart tests), always against the session's real NATS."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from pathlib import Path

import httpx

from shared.contracts import streams
from shared.contracts.envelope import Envelope, make_envelope
from shared.contracts.registry import Payload, spec_of
from shared.runtime.provision import ensure_stream
from shared.runtime.service import ServiceDefinition, ServiceRuntime
from shared.runtime.settings import ServiceSettings

from .servers import free_port, project_root
from .waiting import stream_messages


async def provision_all(js) -> None:
    """Every stream lastmile defines, as `lastmile provision` makes them."""
    for spec in streams.all_streams():
        await ensure_stream(js, spec)


@asynccontextmanager
async def running(definition: ServiceDefinition, settings: ServiceSettings, js=None, **kwargs):
    """Start a service in this process (its streams and its upstreams' first)."""
    if js is not None:
        await provision_all(js)
    runtime = ServiceRuntime(definition, settings, **kwargs)
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


async def publish_event(js, payload: Payload, *, community: str = "test",
                        time: datetime | None = None, correlation_id: str | None = None) -> Envelope:
    """Publish an event as its owning service would (for testing a consumer of it)."""
    spec = spec_of(payload)
    envelope = make_envelope(type=spec.type, source=spec.source, community=community,
                             data=payload.model_dump(mode="json"), version=spec.version,
                             time=time or datetime.now(timezone.utc), correlation_id=correlation_id)
    await js.publish(spec.subject(community), envelope.model_dump_json().encode(),
                     headers={"Nats-Msg-Id": envelope.id})
    return envelope


async def events_of(js, source: str, event_type: str | None = None) -> list[Envelope]:
    """Every event `source` has published so far (optionally of one type), in order."""
    found = []
    for message in await stream_messages(js, streams.events_stream(source).name):
        envelope = Envelope.model_validate_json(message.data)
        if event_type is None or envelope.type == event_type:
            found.append(envelope)
    return found


class ServiceProcess:
    """A service as its own OS process, as `lastmile up` runs it."""

    def __init__(self, service: str, env: dict[str, str], log_dir: Path):
        self.service = service
        self.port = free_port()
        self.env = {**os.environ, **env, "LASTMILE_METRICS_PORT": str(self.port)}
        self.log_path = log_dir / f"{service}.log"
        self.proc: subprocess.Popen | None = None

    def start(self, wait: bool = True) -> "ServiceProcess":
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", f"services.{self.service}"], env=self.env,
                                     cwd=project_root(), stdout=log, stderr=subprocess.STDOUT)
        if wait:
            self.wait_healthy()
        return self

    def health(self) -> dict | None:
        try:
            return httpx.get(f"http://127.0.0.1:{self.port}/health", timeout=1).json()
        except (httpx.HTTPError, json.JSONDecodeError):
            return None

    def wait_healthy(self, timeout: float = 60) -> None:
        # 60 s, not 20: six services started at once on two shared cores (load average 12-20
        # in a busy session) took longer than 20 s to import and connect.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc and self.proc.poll() is not None:
                raise RuntimeError(f"{self.service} exited: {self.log_path.read_text()[-2000:]}")
            if (self.health() or {}).get("status") == "ok":
                return
            time.sleep(0.05)
        raise TimeoutError(f"{self.service} not healthy: {self.log_path.read_text()[-2000:]}")

    def kill(self) -> None:
        assert self.proc
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> int:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            return self.proc.wait(30)
        return self.proc.returncode if self.proc else 0


def settings_env(settings: ServiceSettings) -> dict[str, str]:
    """The environment that gives a service process these settings."""
    env = {}
    for name, value in settings.model_dump(mode="json", exclude_none=True).items():
        env[f"LASTMILE_{name.upper()}"] = json.dumps(value) if isinstance(value, (list, dict)) else str(value)
    return env
