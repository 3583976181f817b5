"""A service is a FastStream application: `faststream run` starts it as `python -m` does, and
a stop that comes while it still waits at start-up ends it at once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys

import httpx

from shared.runtime.service import ServiceRuntime
from tests.support import probe
from tests.support.servers import free_port, project_root
from tests.support.services import provision_all
from tests.support.waiting import eventually


async def test_faststream_run_starts_a_service_and_sigterm_stops_it(js, nats_url, tmp_path):
    await provision_all(js)  # vetting's upstream (intake) is not running
    port = free_port()
    env = {**os.environ, "LASTMILE_NATS_URL": nats_url, "LASTMILE_DATA_DIR": str(tmp_path),
           "LASTMILE_METRICS_PORT": str(port), "LASTMILE_COMMUNITY": "test"}
    log = tmp_path / "vetting.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "faststream", "run", "services.vetting.app:app", "--factory"],
                                cwd=project_root(), env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        async def healthy():
            assert proc.poll() is None, log.read_text()
            try:
                return httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).json()["status"] == "ok"
            except httpx.HTTPError:
                return False

        await eventually(healthy, timeout=60, what="vetting under `faststream run` to answer /health")
        metrics = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
        assert "faststream_received_messages_total" in metrics  # FastStream's middleware …
        assert "lastmile_outbox_backlog" in metrics  # … beside lastmile's own figures
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(proc.wait, 30) == 0, log.read_text()
        assert "vetting stopping" in log.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()


async def test_a_service_stopped_while_it_waits_for_its_upstream_stops_at_once(js, settings_for):
    """The probe waits for a stream nobody made (start-up would give up after 6 × the connect
    timeout). A stop meanwhile ends it: the metrics port was bound but never served, and
    stopping its server used to wait for a serve loop that never began."""
    runtime = ServiceRuntime(probe.definition(), settings_for(nats_connect_timeout=30))
    serving = asyncio.create_task(runtime.serve())
    await eventually(lambda: _true(runtime.nc is not None), timeout=30, what="the probe connected to NATS")
    runtime.app.exit()  # what SIGTERM does under FastStream's signal handling
    await asyncio.wait_for(serving, 20)
    assert runtime.health is None or not runtime.health._thread.is_alive()


async def _true(value: bool) -> bool:
    return value
