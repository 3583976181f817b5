"""A real Prometheus (Debian's binary) scraping a running intake with the scrape config
lastmile generates, and answering a query on a runtime metric after a chat message."""

from __future__ import annotations

import subprocess
from contextlib import contextmanager
from datetime import datetime, timezone

import httpx
import pytest
import yaml

from lastmile.ops.prometheus_conf import config
from services.intake.service import definition
from services.intake.settings import IntakeSettings
from shared.contracts.chat import ChatIn
from tests.support.servers import free_port, project_root, wait_port
from tests.support.services import running
from tests.support.waiting import eventually

ALERTS = project_root() / "deploy" / "alerts.yml"


@contextmanager
def prometheus(binary: str, targets: dict[str, str], folder):
    (folder / "prometheus.yml").write_text(yaml.safe_dump(config(targets, interval="1s", rule_files=(str(ALERTS),))))
    port = free_port()
    log = open(folder / "prometheus.log", "wb")
    proc = subprocess.Popen([binary, f"--config.file={folder / 'prometheus.yml'}",
                             f"--storage.tsdb.path={folder / 'tsdb'}", f"--web.listen-address=127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_port(port, timeout=20)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(20)
        log.close()


async def query(client: httpx.AsyncClient, base: str, promql: str) -> list[dict]:
    answer = (await client.get(f"{base}/api/v1/query", params={"query": promql})).json()
    assert answer["status"] == "success", answer
    return answer["data"]["result"]


@pytest.mark.slow
async def test_prometheus_scrapes_intake_and_sees_a_handled_message(js, nats_url, tmp_path, prometheus_binary):
    settings = IntakeSettings(nats_url=nats_url, data_dir=tmp_path / "data", community="test", metrics_port=0,
                              relay_interval=0.2)
    async with running(definition(settings), settings, js) as intake:
        with prometheus(prometheus_binary, {"intake": f"127.0.0.1:{intake.health.port}"}, tmp_path) as base:
            message = ChatIn(platform="promtest", chat_id="dm-p", chat_type="direct", sender_id="p",
                             message_id="m1", text="/help", sent_at=datetime.now(timezone.utc))
            await js.publish("chat.in.promtest", message.model_dump_json().encode(),
                             headers={"Nats-Msg-Id": message.dedupe_key})
            async with httpx.AsyncClient(timeout=5) as client:
                handled = 'lastmile_messages_handled_total{job="lastmile", service="intake", consumer="intake-chat"}'
                found = await eventually(lambda: _positive(client, base, handled), timeout=30, interval=0.25,
                                         what="Prometheus to scrape intake's handled message")
                assert float(found[0]["value"][1]) == 1
                assert await query(client, base, 'up{job="lastmile", service="intake"} == 1')
                rules = (await client.get(f"{base}/api/v1/rules")).json()["data"]["groups"]
                assert {r["name"] for g in rules for r in g["rules"]} >= {"LastmileServiceDown", "LastmileDeadLetters"}


async def _positive(client, base, promql):
    return [r for r in await query(client, base, promql) if float(r["value"][1]) > 0]


@pytest.mark.slow
async def test_prometheus_answers_a_business_query_about_the_gate(js, nats_url, tmp_path, prometheus_binary):
    from services.holding.service import definition as holding_definition
    from services.holding.settings import HoldingSettings
    from tests.holding import intents
    from tests.support.services import publish_event

    settings = HoldingSettings(nats_url=nats_url, data_dir=tmp_path / "data", community="test", metrics_port=0,
                               relay_interval=0.2, consumer_lag_interval=0.2)
    async with running(holding_definition(settings), settings, js) as holding:
        with prometheus(prometheus_binary, {"holding": f"127.0.0.1:{holding.health.port}"}, tmp_path) as base:
            for room in ("101", "102"):
                await publish_event(js, intents.parcel(building="3", room=room))
            async with httpx.AsyncClient(timeout=5) as client:
                waiting = 'lastmile_holding_items{job="lastmile", service="holding", state="awaiting_disinfection"}'
                found = await eventually(lambda: _at_least(client, base, waiting, 2), timeout=30, interval=0.25,
                                         what="Prometheus to see two parcels awaiting disinfection")
                assert float(found[0]["value"][1]) == 2
                lag = 'lastmile_consumer_pending{service="holding", consumer="holding-intents"}'
                assert await query(client, base, lag)


async def _at_least(client, base, promql, value):
    return [r for r in await query(client, base, promql) if float(r["value"][1]) >= value]
