"""nats-server processes the chaos tests may kill and start again: one server, or a cluster
of three on loopback (routes between them, JetStream on each), each with its store on disk
so a restart on the same port and folder finds every stream where it was."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import nats
from nats.js.api import StreamConfig

from shared.runtime.embedded_nats import nats_server_binary

from .servers import free_port, wait_port


class NatsNode:
    """One nats-server on a fixed port and store folder, started again as often as asked."""

    def __init__(self, folder: Path, name: str, *, cluster_port: int | None = None,
                 routes: list[int] | None = None):
        folder.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.port = free_port()
        self.store = folder / name
        self.log = folder / f"{name}.log"
        self.cluster_port = cluster_port
        self.routes = routes or []
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        command = [str(nats_server_binary()), "-a", "127.0.0.1", "-p", str(self.port), "-js",
                   "-sd", str(self.store), "-n", self.name]
        if self.cluster_port:
            command += ["--cluster_name", "lastmile-chaos", "--cluster", f"nats://127.0.0.1:{self.cluster_port}",
                        "--routes", ",".join(f"nats://127.0.0.1:{p}" for p in self.routes)]
        return command

    def start(self) -> "NatsNode":
        self.proc = subprocess.Popen(self.command(), stdout=open(self.log, "ab"), stderr=subprocess.STDOUT)
        wait_port(self.port)
        return self

    def kill(self) -> None:
        """SIGKILL: what a crashed machine looks like to the others."""
        self._signal(signal.SIGKILL)

    def stop(self) -> None:
        """SIGTERM: a clean shutdown, as an operator's restart does."""
        self._signal(signal.SIGTERM)

    def _signal(self, sig: int) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(30)


@contextmanager
def nats_server(folder: Path):
    node = NatsNode(folder, "solo").start()
    try:
        yield node
    finally:
        node.stop()


@contextmanager
def nats_cluster(folder: Path, size: int = 3):
    """`size` servers, each routed to all the others; yields the nodes."""
    cluster_ports = [free_port() for _ in range(size)]
    nodes = [NatsNode(folder, f"n{i + 1}", cluster_port=port,
                      routes=[p for p in cluster_ports if p != port]) for i, port in enumerate(cluster_ports)]
    try:
        for node in nodes:
            node.start()
        yield nodes
    finally:
        for node in nodes:
            node.stop()


async def wait_jetstream(urls: list[str], replicas: int, timeout: float = 30) -> None:
    """Until the cluster has a JetStream meta leader and takes a stream of `replicas` (a
    fresh cluster answers "JetStream system temporarily unavailable" for a few seconds)."""
    nc = await nats.connect(urls)
    try:
        js = nc.jetstream()
        deadline = time.monotonic() + timeout
        while True:
            try:
                await js.add_stream(StreamConfig(name="CLUSTER_READY", subjects=["cluster.ready"],
                                                 num_replicas=replicas))
                await js.delete_stream("CLUSTER_READY")
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.25)  # polling a deadline-bounded wait
    finally:
        await nc.close()
