"""One log line per handled message: service, event type, correlation id and outcome,
never the message's content; JSON lines carry the same as fields."""

from __future__ import annotations

import json
import logging

from shared.runtime.logs import JsonLines
from tests.support.probe import publish, request
from tests.support.waiting import eventually


def handled_lines(caplog):
    return [r for r in caplog.records if r.name == "lastmile.consumer" and r.getMessage().startswith("handled ")]


async def test_each_handled_message_is_one_line_without_its_content(js, running_probe, caplog):
    caplog.set_level(logging.INFO, logger="lastmile.consumer")
    envelope = request("secret-rice-for-room-1201")
    await publish(js, envelope, msg_id="first-copy")
    await publish(js, envelope, msg_id="second-copy")  # past JetStream's dedupe: the inbox skips it

    async def two_lines():
        return len(handled_lines(caplog)) == 2

    await eventually(two_lines, what="a handled line per copy")
    first, second = handled_lines(caplog)
    assert first.getMessage() == (f"handled service=probe consumer=probe-requests type=probe.requested "
                                  f"correlation_id={envelope.correlation_id} outcome=handled")
    assert second.fields["outcome"] == "duplicate"
    as_json = json.loads(JsonLines().format(first))
    assert as_json["correlation_id"] == envelope.correlation_id and as_json["type"] == "probe.requested"
    assert "secret-rice" not in caplog.text
