"""No personal data and no unbounded label values in any service's /metrics: every service
runs over the real NATS, people with names, rooms and chat ids go through them (a parcel
held and released to their rack, notices, a failed send, a stranger's message, a malformed
one), and every label of every scraped sample is checked against a closed allowlist."""

from __future__ import annotations

import importlib
import json
from contextlib import AsyncExitStack
from datetime import datetime, timezone

import httpx
from prometheus_client.parser import text_string_to_metric_families

from lastmile.ops.inventory import adapters, services
from services.delivery.domain.items import STATES as DELIVERY_STATES
from services.delivery.planning import AWAITING_SHEET, HELD_BACK
from services.holding.domain.gate import STATES as HOLDING_STATES
from services.intake.audit import AUDITED
from services.medicine.db import runs as medicine_runs
from services.medicine.domain.requests import STATES as MEDICINE_STATES
from services.medicine.domain.triage import LEVELS as URGENCY_LEVELS
from services.medicine.metrics import SUBSTITUTE_OUTCOMES
from services.notify.db.notices import DELIVERED, MISSED, QUEUED, SENT, UNREACHABLE
from services.vetting.metrics import GROUPBUY_STATES, VENDOR_STATES
from shared.contracts.chat import ChatIn
from shared.contracts.holding import Destination, HoldReleased
from shared.contracts.intake import ArrivalRequested, ChatRef
from shared.runtime.clock import FixedClock
from tests.holding import intents
from tests.notify.helpers import NOW, ChatOutReader, person, receipt
from tests.support.services import publish_event, running
from tests.support.waiting import eventually

PEOPLE = {"R1": ("3", "101"), "R2": ("3", "102"), "R7": ("5", "201")}
PERSONAL = {"R1", "R2", "R7", "Name R1", "Name R2", "dm-R1", "dm-R2", "101", "102", "201",
            "stranger-7", "dm-stranger", "Zhang Wei"}


def _allowed(definitions) -> dict[str, set[str] | None]:
    """Each label name a metric may carry, with every value it may take (None: a number)."""
    return {
        "service": {d.name for d in definitions},
        "consumer": {c.name for d in definitions for c in d.consumers},
        "kind": {kind for d in definitions for kind in d.timers},
        "reason": {"invalid", "failed"} | set(AUDITED),
        "state": set(HOLDING_STATES) | set(DELIVERY_STATES) | {AWAITING_SHEET, HELD_BACK}
                 | {QUEUED, SENT, DELIVERED, MISSED, UNREACHABLE} | set(GROUPBUY_STATES) | set(VENDOR_STATES)
                 | set(MEDICINE_STATES) | {medicine_runs.OPEN, medicine_runs.DONE},
        "urgency": {str(level) for level in URGENCY_LEVELS},
        "outcome": set(SUBSTITUTE_OUTCOMES),
        "platform": {a.platform for a in adapters()} | {"-"},  # "-": notify's unreachable notices
        "le": None,
        # FastStream's NatsPrometheusMiddleware: per batch, labelled by the service and the
        # subject of the batch's first message (one of the consumers' subjects)
        "app_name": {d.name for d in definitions},
        "broker": {"nats"},
        "handler": Subjects([s for d in definitions for c in d.consumers for s in c.filter_subjects]),
        "status": {"acked", "nacked", "rejected", "skipped", "error"},
        "exception_type": Identifier(),
    }


class Subjects:
    """A label value that must be a subject some consumer filters on (NATS wildcards)."""

    def __init__(self, filters: list[str]):
        self.filters = [f.split(".") for f in filters]

    def __contains__(self, subject: str) -> bool:
        return any(_matches(f, subject.split(".")) for f in self.filters)


def _matches(pattern: list[str], tokens: list[str]) -> bool:
    for i, part in enumerate(pattern):
        if part == ">":
            return len(tokens) > i
        if i >= len(tokens) or part not in ("*", tokens[i]):
            return False
    return len(tokens) == len(pattern)


class Identifier:
    """An exception's class name: bounded by the code, never by the data."""

    def __contains__(self, value: str) -> bool:
        return value.isidentifier()


def _scrape(runtime) -> list:
    text = httpx.get(f"http://127.0.0.1:{runtime.health.port}/metrics", timeout=5).text
    return [s for family in text_string_to_metric_families(text) for s in family.samples]


async def test_no_label_names_a_person_or_grows_without_bound(js, tmp_path, nats_url):
    clock = FixedClock(NOW)
    out = ChatOutReader(js)
    runtimes, definitions = {}, []
    async with AsyncExitStack() as stack:
        for service in services():
            settings = service.settings_class(
                nats_url=nats_url, data_dir=tmp_path / "data", community="test", metrics_port=0, ack_wait=5,
                max_attempts=2, retry_delays=[0.2], relay_interval=0.1, timer_interval=0.1,
                consumer_lag_interval=0.2)
            definition = importlib.import_module(f"{service.module}.service").definition(settings)
            definitions.append(definition)
            runtimes[service.name] = await stack.enter_async_context(running(definition, settings, js, clock=clock))

        for pid, (building, room) in PEOPLE.items():
            await person(js, pid, role="resident", language="en", building=building, room=room)
        await person(js, "R9", role="property", language="zh", platform="telegram")
        # A stranger writes (a reply goes back to their chat), then a malformed message: a dead letter.
        stranger = ChatIn(platform="terminal", chat_id="dm-stranger", chat_type="direct", sender_id="stranger-7",
                          sender_name="Zhang Wei", message_id="s1", text="/order rice 2",
                          sent_at=datetime.now(timezone.utc))
        await js.publish("chat.in.terminal", stranger.model_dump_json().encode(),
                         headers={"Nats-Msg-Id": stranger.dedupe_key})
        await js.publish("chat.in.terminal", json.dumps({"chat_id": "dm-R1", "text": "R1 101"}).encode(),
                         headers={"Nats-Msg-Id": "broken-1"})
        # A parcel for room 101 at the gate, disinfected (held); another released to the rack.
        gate = ChatRef(platform="terminal", chat_id="gate", chat_type="group", sender_id="guard-1", message_id="g1")
        await publish_event(js, ArrivalRequested(actor=intents.actor("guard"), chat=gate, kind="parcel",
                                                 groupbuy_ref=None, boxes=None, building="3", room="101",
                                                 note="for Name R1"))
        await publish_event(js, HoldReleased(
            arrival_id="P1", destination=Destination(kind="parcel", building="3", room="101", note="Name R1"),
            registered_at=NOW, disinfected_at=NOW, due_at=NOW, released_at=NOW))

        to_stranger = await out.wait_for(1, chat_id="dm-stranger")
        await receipt(js, to_stranger[0], status="failed", error="blocked by Zhang Wei")

        async def driven():
            samples = [s for r in runtimes.values() for s in _scrape(r)]
            seen = {(s.name, s.labels.get("platform") or s.labels.get("reason") or s.labels.get("state"))
                    for s in samples if s.value > 0}
            wanted = {("lastmile_dead_letters_total", "invalid"), ("lastmile_notify_send_failures_total", "terminal"),
                      ("lastmile_holding_items", "awaiting_disinfection"), ("lastmile_delivery_items", "planned")}
            return samples if wanted <= seen else None

        samples = await eventually(driven, what="the traffic to show in the metrics")

    allowed = _allowed(definitions)
    assert {s.labels.get("consumer") for s in samples if s.name == "lastmile_consumer_pending"} >= {
        "intake-chat", "notify-intake"}
    for sample in samples:
        for name, value in sample.labels.items():
            assert name in allowed, f"{sample.name} has a label {name}={value!r} outside the allowlist"
            assert value not in PERSONAL, f"{sample.name}{{{name}={value!r}}} names a person, a chat or a room"
            if allowed[name] is None:
                float(value)  # le: a bucket bound
            else:
                assert value in allowed[name], f"{sample.name}{{{name}={value!r}}}: not a bounded value"
