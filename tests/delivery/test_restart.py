"""SIGKILL of the delivery process while an item waits on its rack: across restarts each
reminder and the escalation go out exactly once, none before its time. The processes
share a ScaledClock (an hour a second) through LASTMILE_CLOCK_SPEED and _ORIGIN."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from tests.delivery import events
from tests.holding.tap import EventTap
from tests.support.services import ServiceProcess, provision_all, publish_event, settings_env

pytestmark = pytest.mark.slow

SPEED = 3600


async def test_reminders_and_escalation_once_each_across_sigkills(js, delivery_settings, tmp_path):
    env = settings_env(delivery_settings(reminder_hours=[2.0, 4.0], escalation_hours=6.0))
    env.update(LASTMILE_CLOCK_SPEED=str(SPEED), LASTMILE_CLOCK_ORIGIN=datetime.now(timezone.utc).isoformat())
    await provision_all(js)
    tap = await EventTap().start(js, "delivery")
    first = ServiceProcess("delivery", env, tmp_path).start()
    try:
        for payload in (*events.roster(), events.released("P1", datetime.now(timezone.utc))):
            await publish_event(js, payload)
        await tap.wait_for("delivery.planned", 1)
        await publish_event(js, events.rack("P1"))
        racked = (await tap.wait_for("rack.confirmed", 1))[0]
    finally:
        first.kill()

    second = ServiceProcess("delivery", env, tmp_path).start()
    try:
        await tap.wait_for("reminder.due", 2, timeout=30)  # the first reminder, to R1 and R2
    finally:
        second.kill()

    third = ServiceProcess("delivery", env, tmp_path).start()
    try:
        await tap.wait_for("item.escalated", 1, timeout=30)
    finally:
        assert third.stop() == 0
    await tap.stop()

    reminders = tap.data("reminder.due")
    assert Counter((r["person_id"], r["number"]) for r in reminders) == {
        ("R1", 1): 1, ("R2", 1): 1, ("R1", 2): 1, ("R2", 2): 1}
    [escalated] = tap.data("item.escalated")
    racked_at = datetime.fromisoformat(tap.data("item.racked")[0]["racked_at"])
    for envelope in tap.by_type["reminder.due"]:
        hours = 2.0 * envelope.data["number"]
        assert envelope.time >= racked_at + timedelta(hours=hours)  # never early
    assert tap.by_type["item.escalated"][0].time >= racked_at + timedelta(hours=6)
    assert escalated["person_id"] == "R8" and racked["item_id"] == "P1"
