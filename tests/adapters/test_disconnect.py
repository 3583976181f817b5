"""An adapter stops at once on SIGTERM, even after an idle pull: nats-py's drain() would wait
its whole drain timeout (30 s by default) for the status message an expired fetch leaves
in the subscription's queue, which nobody reads. Found by the chaos tests."""

from __future__ import annotations

import asyncio

import nats
from nats.js.api import StreamConfig

from adapters.envelope import disconnect
from tests.support.waiting import eventually

DRAIN_TIMEOUT = 30  # nats-py's default; closing must not come near it


async def test_disconnect_does_not_wait_for_an_unread_pull_status(js, nats_url):
    nc = await nats.connect(nats_url, drain_timeout=DRAIN_TIMEOUT)
    own = nc.jetstream()
    await own.add_stream(StreamConfig(name="LM_TEST_IDLE", subjects=["idle.test"]))
    try:
        sub = await own.pull_subscribe("idle.test", durable="idle", stream="LM_TEST_IDLE")
        try:
            await sub.fetch(16, timeout=0.5)  # nothing there: the adapter's idle loop
        except (nats.errors.TimeoutError, asyncio.TimeoutError):
            pass

        async def status_left_in_queue():
            return sub._sub.pending_msgs  # the expired request's 408, never read

        await eventually(status_left_in_queue, what="the expired pull's status message queued")
        closing = asyncio.create_task(disconnect(nc))
        # not wait_for: drain() swallows the cancellation and would look finished
        done, _ = await asyncio.wait({closing}, timeout=DRAIN_TIMEOUT / 2)
        assert closing in done, "the connection was still closing: stuck on the unread status"
        assert nc.is_closed
    finally:
        await js.delete_stream("LM_TEST_IDLE")
