"""Streams and consumers are provisioned from the code's definitions, and a changed
consumer setting reaches the server (nats-py alone would keep the old one)."""

from __future__ import annotations

from shared.contracts import streams
from shared.runtime.provision import ConsumerSettings, ensure_consumer, ensure_stream


async def test_a_changed_consumer_setting_reaches_the_server(js):
    spec = streams.events_stream("probeclient")
    await ensure_stream(js, spec)
    await ensure_consumer(js, spec, ConsumerSettings("probe-x", ("lm.*.probeclient.a",), ack_wait=30))
    await ensure_consumer(js, spec, ConsumerSettings("probe-x", ("lm.*.probeclient.a", "lm.*.probeclient.b"),
                                                     ack_wait=12))
    info = await js.consumer_info(spec.name, "probe-x")
    assert info.config.ack_wait == 12
    assert sorted(info.config.filter_subjects) == ["lm.*.probeclient.a", "lm.*.probeclient.b"]
    assert info.config.max_deliver == -1  # the runtime dead-letters; the server never drops


async def test_a_changed_stream_definition_reaches_the_server(js):
    spec = streams.events_stream("probeclient")
    await ensure_stream(js, spec)
    longer = streams.StreamSpec(spec.name, spec.subjects, spec.owner, duplicate_window=spec.duplicate_window * 2)
    await ensure_stream(js, longer)
    info = await js.stream_info(spec.name)
    assert info.config.duplicate_window == longer.duplicate_window.total_seconds()


def test_every_subject_belongs_to_exactly_one_stream():
    assert streams.stream_for_subject("chat.in.matrix").name == "CHAT_IN"
    assert streams.stream_for_subject("lm.sunny.vetting.order.accepted").name == "LM_VETTING"
    assert streams.stream_for_subject("lm.dlq.holding").name == "LM_DLQ_HOLDING"
    owners = {}
    for spec in streams.all_streams():
        for subject in spec.subjects:
            assert subject not in owners, f"{subject} in {owners.get(subject)} and {spec.name}"
            owners[subject] = spec.name
