"""The pull loop keeps a pull request open across idle spells: when the server lets one
expire, the loop asks again at once, so a lone message after a quiet spell is handled as
soon as it comes, not when the loop next gives up waiting (`SILENCE`)."""

from __future__ import annotations

import asyncio

import nats
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig

from shared.runtime import pull
from tests.support.waiting import eventually


async def test_a_message_after_an_expired_pull_request_is_handled_at_once(js, nats_url, monkeypatch):
    # Requests expire every 0.2 s; the loop would only ask afresh by itself after 60 s.
    monkeypatch.setattr(pull, "EXPIRES", 0.2)
    monkeypatch.setattr(pull, "SILENCE", 60.0, raising=False)
    await js.add_stream(StreamConfig(name="LM_PULLTEST", subjects=["pulltest.>"]))
    await js.add_consumer("LM_PULLTEST", ConsumerConfig(durable_name="quiet", ack_policy=AckPolicy.EXPLICIT))
    handled: list[bytes] = []

    async def handle(batch):
        for msg in batch:
            handled.append(msg.data)
            await msg.ack()

    nc = await nats.connect(nats_url)
    loop = pull.PullLoop(nc, stream="LM_PULLTEST", durable="quiet", batch_size=10, handle=handle)
    task = asyncio.create_task(loop.run())
    try:
        await eventually(lambda: _true(loop.expiries >= 3), timeout=20, what="three idle pull requests expiring, each asked again at once")
        await js.publish("pulltest.x", b"after a quiet spell")
        await eventually(lambda: _true(handled == [b"after a quiet spell"]), timeout=20,
                         what="the lone message handled (a loop that stops asking would wait 60 s)")
    finally:
        await loop.stop(5)
        task.cancel()
        await nc.close()
        await js.delete_stream("LM_PULLTEST")


async def _true(value: bool) -> bool:
    return value
