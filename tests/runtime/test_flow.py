"""The runtime end to end over a real NATS: outbox, inbox, retries, dead letters."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from tests.support.probe import NOW, counts, publish, request
from tests.support.waiting import eventually, stream_messages


async def test_state_and_event_commit_together(js, running_probe):
    await publish(js, request("rice"))
    counted = await eventually(lambda: stream_messages(js, "LM_PROBE"), what="probe.counted")
    body = json.loads(counted[0].data)
    assert body["type"] == "probe.counted" and body["data"] == {"label": "rice", "total": 1}
    assert body["causation_id"] is not None
    assert counts(running_probe) == 1


async def test_a_failed_effect_leaves_neither_state_nor_event(js, running_probe):
    await publish(js, request("bad", fail=True))
    await eventually(lambda: stream_messages(js, "LM_DLQ_PROBE"), what="dead letter")
    assert counts(running_probe) == 0
    assert (await js.stream_info("LM_PROBE")).state.messages == 0


async def test_same_message_twice_has_one_effect(js, running_probe):
    envelope = request("oil")
    await publish(js, envelope, msg_id="first-copy")
    await publish(js, envelope, msg_id="second-copy")  # slips past JetStream's dedupe
    await eventually(lambda: stream_messages(js, "LM_PROBE"), what="probe.counted")

    async def both_handled():
        info = await js.consumer_info("LM_PROBECLIENT", "probe-requests")
        return info.num_ack_pending == 0 and info.num_pending == 0 and info.delivered.stream_seq == 2

    await eventually(both_handled, what="both copies acknowledged")
    assert counts(running_probe) == 1
    assert running_probe.metrics.duplicates.labels("probe-requests")._value.get() == 1
    assert len(await stream_messages(js, "LM_PROBE")) == 1


async def test_failing_handler_is_retried_with_delay_then_dead_lettered(js, running_probe):
    sent_at = datetime.now(timezone.utc)
    await publish(js, request("poison", fail=True))
    letters = await eventually(lambda: stream_messages(js, "LM_DLQ_PROBE"), what="dead letter")
    parked_at = datetime.now(timezone.utc)
    headers = letters[0].headers
    assert headers["Lastmile-Dlq-Attempts"] == "3"
    assert "probe was asked to fail on poison" in headers["Lastmile-Dlq-Error"]
    assert headers["Lastmile-Dlq-Subject"] == "lm.test.probeclient.probe.requested"
    assert json.loads(letters[0].data)["data"]["label"] == "poison"
    # two retries with delays of 0.2 s and 0.3 s: not redelivered at once
    assert (parked_at - sent_at).total_seconds() >= 0.5
    assert running_probe.metrics.retries.labels("probe-requests")._value.get() == 2


async def test_malformed_and_invalid_payloads_are_dead_lettered_not_fatal(js, running_probe):
    subject = "lm.test.probeclient.probe.requested"
    await js.publish(subject, b"{not json", headers={"Nats-Msg-Id": "m1"})
    wrong = request("x").model_dump(mode="json")
    wrong["data"] = {"label": 42}
    await js.publish(subject, json.dumps(wrong).encode(), headers={"Nats-Msg-Id": "m2"})
    await publish(js, request("after"))  # the service is still alive and handles this
    await eventually(lambda: stream_messages(js, "LM_PROBE"), what="later message handled")
    letters = await eventually(
        lambda: _at_least(js, "LM_DLQ_PROBE", 2), what="two dead letters")
    errors = [m.headers["Lastmile-Dlq-Error"] for m in letters]
    assert errors[0].startswith("invalid event:")
    assert "label: Input should be a valid string" in errors[1]
    assert all(m.headers["Lastmile-Dlq-Attempts"] == "1" for m in letters)
    assert letters[0].data == b"{not json"


async def _at_least(js, stream, n):
    messages = await stream_messages(js, stream)
    return messages if len(messages) >= n else None


async def test_timer_fires_once_at_its_due_time(js, running_probe):
    def schedule(conn):
        from shared.runtime.tx import Tx

        tx = Tx(conn=conn, now=NOW, source="probe", community="test")
        tx.schedule("bell", "b1", datetime.now(timezone.utc))
        tx.schedule("bell", "b2", datetime(2999, 1, 1, tzinfo=timezone.utc))

    await running_probe.store.run(schedule)
    rang = await eventually(lambda: stream_messages(js, "LM_PROBE"), what="timer event")
    assert [json.loads(m.data)["data"]["key"] for m in rang] == ["b1"]
