"""The probe service (tests/support/probe.py) under load, for the store and dead-letter
faults: one count row and one `probe.counted` per request, so a lost or doubled message
shows in either; its metrics read over HTTP as Prometheus would."""

from __future__ import annotations

import json
import re
from contextlib import asynccontextmanager

import httpx
from sqlalchemy import func, select

from shared.contracts.streams import events_stream
from shared.runtime.provision import ensure_stream
from shared.runtime.service import ServiceRuntime
from shared.runtime.settings import ServiceSettings
from tests.support import probe
from tests.support.waiting import eventually

from .report import Row
from .tally import read_stream


MAX_ATTEMPTS = 3
CONSUMER = "probe-requests"


def settings(nats_url: str, tmp_path, **extra) -> ServiceSettings:
    """Quick retries and a short ack wait, metrics on a free port."""
    return ServiceSettings(nats_url=nats_url, data_dir=tmp_path, community="test", metrics_port=0,
                           ack_wait=5, max_attempts=MAX_ATTEMPTS, retry_delays=[0.2, 0.3],
                           relay_interval=0.2, timer_interval=0.1, log_level="WARNING", **extra)


@asynccontextmanager
async def probe_running(js, settings: ServiceSettings):
    await ensure_stream(js, events_stream("probeclient"))
    runtime = ServiceRuntime(probe.definition(), settings)
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


async def send(js, labels: list[str], fail: bool = False) -> None:
    for label in labels:
        await probe.publish(js, probe.request(label, fail=fail))


def metric(runtime: ServiceRuntime, name: str, **labels: str) -> float:
    """A series' value from the service's /metrics endpoint (0 when not there yet)."""
    text = httpx.get(f"http://127.0.0.1:{runtime.health.port}/metrics", timeout=5).text
    for line in text.splitlines():
        found = re.match(rf"^{name}(?:\{{([^}}]*)\}})? ([0-9.e+-]+)$", line)
        if found and all(f'{k}="{v}"' in (found.group(1) or "") for k, v in labels.items()):
            return float(found.group(2))
    return 0.0


def rows_counted(runtime: ServiceRuntime) -> int:
    with runtime.store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(probe.count_rows)).scalar()


async def counted_labels(js) -> list[str]:
    return [json.loads(m.data)["data"]["label"] for m in await read_stream(js, "LM_PROBE")]


async def all_counted(js, labels: list[str], timeout: float = 60) -> list[str]:
    async def done():
        found = await counted_labels(js)
        return found if len(set(found)) >= len(labels) else None

    return await eventually(done, timeout=timeout, interval=0.1, what=f"{len(labels)} probe requests counted")


def row(fault: str, labels: list[str], counted: list[str], rows: int, note: str) -> Row:
    lost = len(set(labels) - set(counted))
    duplicated = (len(counted) - len(set(counted))) + max(0, rows - len(labels))
    return Row(fault, f"{len(labels):,} probe requests", len(labels), len(counted), lost, duplicated, note)
