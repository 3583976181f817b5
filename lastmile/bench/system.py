"""The services as their own processes for the pipeline benchmarks, on the bench's NATS,
with SQLite stores in the bench's folder; resident memory read from /proc."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

# The bench's synthetic platform is not rate-limited: it measures lastmile, not Telegram.
UNLIMITED = {"bench": {"chat_per_minute": 1e9, "chat_burst": 10**9,
                       "platform_per_second": 1e9, "platform_burst": 10**9}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Services:
    def __init__(self, names: list[str], *, nats_url: str, folder: Path, community: str,
                 extra_env: dict[str, str] | None = None):
        self.names = names
        self.folder = folder
        self.env = {**os.environ, "LASTMILE_NATS_URL": nats_url, "LASTMILE_DATA_DIR": str(folder),
                    "LASTMILE_COMMUNITY": community, "LASTMILE_LOG_LEVEL": "WARNING",
                    "LASTMILE_NOTIFY_RATE_LIMITS": json.dumps(UNLIMITED), **(extra_env or {})}
        self.procs: dict[str, subprocess.Popen] = {}
        self.ports: dict[str, int] = {}

    def start(self, timeout: float = 60) -> None:
        (self.folder / "logs").mkdir(parents=True, exist_ok=True)
        for name in self.names:
            self.ports[name] = _free_port()
            log = open(self.folder / "logs" / f"{name}.log", "ab")
            self.procs[name] = subprocess.Popen(
                [sys.executable, "-m", f"services.{name}"], stdout=log, stderr=subprocess.STDOUT,
                env={**self.env, "LASTMILE_METRICS_PORT": str(self.ports[name])})
        deadline = time.monotonic() + timeout
        for name, port in self.ports.items():
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).json()["status"] == "ok":
                        break
                except (httpx.HTTPError, ValueError, KeyError):
                    pass
                if time.monotonic() > deadline or self.procs[name].poll() is not None:
                    raise RuntimeError(f"{name} did not start: see {self.folder / 'logs' / (name + '.log')}")
                time.sleep(0.1)

    def rss_mib(self) -> dict[str, float]:
        sizes = {}
        for name, proc in self.procs.items():
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[name] = int(line.split()[1]) / 1024
        return sizes

    def cpu_seconds(self) -> dict[str, float]:
        """User + system CPU each process has used so far (/proc/PID/stat), to see where it goes."""
        tick = os.sysconf("SC_CLK_TCK")
        used = {}
        for name, proc in self.procs.items():
            fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            used[name] = (int(fields[11]) + int(fields[12])) / tick
        return used

    def stop(self) -> None:
        for proc in self.procs.values():
            proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
