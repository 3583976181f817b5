"""Adapters' receipts over a real NATS: a failed send is tried again after its back-off and
then delivered; one that keeps failing is reported missed, to the record and the committee."""

from __future__ import annotations

from shared.runtime.clock import FixedClock
from tests.notify.helpers import (NOW, ChatOutReader, actor, announce, notify, notify_settings, person, receipt,
                                  register_group, settle)
from tests.support.services import events_of, publish_event
from tests.support.waiting import eventually

DELAYS = [30.0, 60.0]


async def test_a_failed_send_is_retried_after_its_back_off_and_then_delivered(js, settings_for):
    clock = FixedClock(NOW)
    out = ChatOutReader(js)
    committee = actor("C1", "committee", "en")
    async with notify(js, notify_settings(settings_for, notify_retry_delays=DELAYS), clock) as runtime:
        await register_group(js, committee, "g-3", "3")
        await settle(js, "notify-intake")
        await publish_event(js, announce(committee, "3", "Cabbage at noon"))
        (first,) = await out.wait_for(1, chat_id="g-3", text="[Announcement] Cabbage at noon")
        await receipt(js, first, "failed", "429 Too Many Requests")
        await settle(js, "notify-receipts")
        clock.advance(seconds=DELAYS[0] - 1)
        assert await out.count(chat_id="g-3", text=first.text) == 1  # not before its back-off
        clock.advance(seconds=1)
        retried = (await out.wait_for(2, chat_id="g-3", text=first.text))[1]
        await receipt(js, retried, "delivered")
        reported = await eventually(lambda: events_of(js, "notify", "broadcast.reported"), what="report")
    assert retried.message_id != first.message_id
    assert [g["chat_id"] for g in reported[0].data["reached"]] == ["g-3"]
    assert await events_of(js, "notify", "notice.missed") == []


async def test_a_send_that_keeps_failing_is_reported_missed(js, settings_for):
    clock = FixedClock(NOW)
    out = ChatOutReader(js)
    committee = actor("C1", "committee", "en")
    async with notify(js, notify_settings(settings_for, notify_retry_delays=DELAYS), clock):
        own = await person(js, "C1", role="committee", language="en")
        await register_group(js, committee, "g-3", "3")
        await register_group(js, committee, "g-5", "5")
        await settle(js, "notify-intake")
        await publish_event(js, announce(committee, "all", "Gate closed tonight"))
        text = "[Announcement] Gate closed tonight"
        (ok,) = await out.wait_for(1, chat_id="g-3", text=text)
        await receipt(js, ok, "delivered")
        for attempt, delay in enumerate(DELAYS + [None], start=1):
            sent = (await out.wait_for(attempt, chat_id="g-5", text=text))[-1]
            await receipt(js, sent, "failed", "chat not found")
            await settle(js, "notify-receipts")
            if delay:
                clock.advance(seconds=delay)
        missed = await eventually(lambda: events_of(js, "notify", "notice.missed"), what="notice.missed")
        reported = await eventually(lambda: events_of(js, "notify", "broadcast.reported"), what="report")
        to_committee = await out.wait_for(1, chat_id=own.chat_id, reply_to=None)
    assert (missed[0].data["chat_id"], missed[0].data["attempts"]) == ("g-5", 3)
    assert [g["chat_id"] for g in reported[0].data["missed"]] == ["g-5"]
    assert [g["chat_id"] for g in reported[0].data["reached"]] == ["g-3"]
    assert "Missed: building 5" in to_committee[-1].text


async def test_metrics_count_notices_by_platform_and_state(js, settings_for):
    out = ChatOutReader(js)
    committee = actor("C1", "committee", "en")
    async with notify(js, notify_settings(settings_for)) as runtime:
        await register_group(js, committee, "g-3", "3")
        (reply,) = await out.wait_for(1, chat_id="g-3")
        await receipt(js, reply, "failed", "timeout")
        await settle(js, "notify-receipts")
        registry = runtime.metrics.registry
        queued = registry.get_sample_value("lastmile_notify_notices", {"platform": "terminal", "state": "queued"})
        failures = registry.get_sample_value("lastmile_notify_send_failures_total", {"platform": "terminal"})
    assert (queued, failures) == (1, 1)
