"""deploy/nats/nats.conf on a real nats-server: each user may publish only its own subjects,
and a service still does its whole job — consume its input, publish its events — under it."""

from __future__ import annotations

from datetime import datetime, timezone

import nats
import pytest

from adapters.envelope import bind_outgoing, publish_in
from services.intake.service import definition
from services.intake.settings import IntakeSettings
from shared.contracts import streams
from shared.contracts.chat import ChatIn, ChatOut
from shared.contracts.envelope import Envelope
from shared.runtime.provision import ensure_stream
from shared.runtime.service import ServiceRuntime
from tests.support.waiting import eventually, stream_messages

from .secured_nats import secured_nats


@pytest.fixture
def url_for(tmp_path):
    with secured_nats(tmp_path) as url_for:
        yield url_for


class Connection:
    """A client that records the server's permission errors (publishes are fire-and-forget)."""

    def __init__(self):
        self.errors: list[str] = []

    async def connect(self, url: str):
        async def on_error(exc):
            self.errors.append(str(exc))

        self.nc = await nats.connect(url, error_cb=on_error, max_reconnect_attempts=0)
        return self.nc


async def denied_publish(url: str, subject: str, watcher) -> list[str]:
    """Publish as the user of `url`; returns the server's errors. `watcher` (the operator)
    must not receive it."""
    seen = []

    async def record(msg):
        seen.append(msg)

    sub = await watcher.subscribe(subject, cb=record)
    await watcher.flush()
    client = Connection()
    nc = await client.connect(url)
    await nc.publish(subject, b"{}")
    await nc.flush()
    await eventually(lambda: _value(client.errors), timeout=5, what=f"a permission error for {subject}")
    await watcher.flush()
    await nc.close()
    await sub.unsubscribe()
    assert not seen, f"{subject} was delivered"
    return client.errors


async def _value(value):
    return value


async def test_an_adapter_cannot_publish_domain_events(url_for):
    ops = await nats.connect(url_for("ops"))
    try:
        for subject in ("lm.test.intake.order.requested", "lm.dlq.intake", "chat.in.terminal", "chat.out.webhook"):
            errors = await denied_publish(url_for("webhook"), subject, ops)
            assert "permissions violation" in errors[0].lower() and subject in errors[0], errors
    finally:
        await ops.close()


async def test_a_service_cannot_publish_under_another_services_prefix(url_for):
    ops = await nats.connect(url_for("ops"))
    try:
        for subject in ("lm.test.vetting.order.accepted", "lm.dlq.vetting", "chat.out.webhook", "chat.in.webhook"):
            errors = await denied_publish(url_for("intake"), subject, ops)
            assert "permissions violation" in errors[0].lower() and subject in errors[0], errors
    finally:
        await ops.close()


async def test_intake_consumes_an_adapters_message_and_publishes_its_events_under_its_user(url_for, tmp_path):
    ops = await nats.connect(url_for("ops"))
    js = ops.jetstream()
    for spec in streams.all_streams():  # as `lastmile provision` does, with the operator's user
        await ensure_stream(js, spec)
    settings = IntakeSettings(nats_url=url_for("intake"), data_dir=tmp_path / "data", community="test",
                              metrics_port=0, relay_interval=0.2, ack_wait=5)
    runtime = ServiceRuntime(definition(settings), settings)
    await runtime.start()
    webhook = await nats.connect(url_for("webhook"))
    try:
        message = ChatIn(platform="webhook", chat_id="dm-x", chat_type="direct", sender_id="x",
                         message_id="m1", text="/help", sent_at=datetime.now(timezone.utc))
        await publish_in(webhook.jetstream(), message)  # JetStream acked: the adapter may publish

        async def intake_events():
            return [Envelope.model_validate_json(m.data)
                    for m in await stream_messages(js, streams.events_stream("intake").name)]

        events = await eventually(intake_events, what="intake's events, published under its own user")
        assert {e.source for e in events} == {"intake"}
        assert runtime.metrics.handled.labels("intake-chat")._value.get() == 1

        async def acked():
            info = await js.consumer_info(streams.CHAT_IN.name, "intake-chat")
            return info.ack_floor.stream_seq == 1 and info.num_ack_pending == 0

        await eventually(acked, what="intake's ack of the chat message, under its own user")
    finally:
        await runtime.stop()
        await webhook.close()
        await ops.close()


async def test_an_adapter_consumes_its_own_platforms_outgoing_messages(url_for):
    ops = await nats.connect(url_for("ops"))
    js = ops.jetstream()
    await ensure_stream(js, streams.CHAT_OUT)
    out = ChatOut(platform="webhook", chat_id="dm-x", text="hello", message_id="o1", correlation_id="c1")
    await js.publish("chat.out.webhook", out.model_dump_json().encode())  # as notify would
    webhook = await nats.connect(url_for("webhook"))
    try:
        subscription = await bind_outgoing(webhook.jetstream(), "webhook", ack_wait=5)
        [msg] = await subscription.fetch(1, timeout=5)
        assert ChatOut.model_validate_json(msg.data) == out
        await msg.ack_sync()
        with pytest.raises(Exception, match="(?i)permission|timeout"):  # not another platform's
            await bind_outgoing(webhook.jetstream(timeout=0.5), "terminal", ack_wait=5, timeout=2)
    finally:
        await webhook.close()
        await ops.close()
