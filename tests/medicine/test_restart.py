"""SIGKILL of the medicine process while a substitute waits for the requester: after the
restart the deadline still fires, once and not early, and the sealed fields still open (the
key made at first start is kept). The processes share a ScaledClock (an hour a second)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.holding.tap import EventTap
from tests.support.services import ServiceProcess, provision_all, publish_event, settings_env

from . import intents as i

pytestmark = pytest.mark.slow

SPEED = 3600


async def test_the_substitute_deadline_survives_a_sigkill_and_the_key_is_kept(js, medicine_settings, tmp_path):
    env = settings_env(medicine_settings(medicine_substitute_answer_minutes=120))
    env.update(LASTMILE_CLOCK_SPEED=str(SPEED), LASTMILE_CLOCK_ORIGIN=datetime.now(timezone.utc).isoformat())
    await provision_all(js)
    tap = await EventTap().start(js, "medicine")
    first = ServiceProcess("medicine", env, tmp_path).start()
    try:
        for payload in (*i.roster(), i.request("R1", "insulin", note="keep cold"), i.run()):
            await publish_event(js, payload)
        await tap.wait_for("medicine.run_claimed", 1)
        await publish_event(js, i.substitute("MR1", "detemir"))
        (proposed,) = await tap.wait_for("medicine.substitute_proposed", 1)
    finally:
        first.kill()

    second = ServiceProcess("medicine", env, tmp_path).start()
    try:
        (declined,) = await tap.wait_for("medicine.substitute_declined", 1, timeout=30)
        await publish_event(js, i.status("R1", "MR1"))
        (report,) = await tap.wait_for("medicine.status_reported", 1)
    finally:
        assert second.stop() == 0
    await tap.stop()

    assert (declined["timed_out"], declined["returned_to"]) == (True, "queue")
    assert tap.by_type["medicine.substitute_declined"][0].time >= datetime.fromisoformat(proposed["answer_by"])
    assert len(tap.data("medicine.substitute_declined")) == 1
    assert (report["requests"][0]["state"], report["requests"][0]["drug"]) == ("queued", "insulin")
