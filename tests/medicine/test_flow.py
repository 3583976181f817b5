"""medicine over a real NATS and a real store: triage order, runs, substitutes confirmed by
the requester (never bought without their yes), unavailable items, hand-off, status."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from services.medicine.service import definition
from shared.runtime.clock import FixedClock
from tests.holding.tap import EventTap
from tests.support.services import publish_event, running

from . import intents as i

T0 = datetime(2022, 4, 10, 8, 0, tzinfo=timezone.utc)


async def publish_all(js, payloads) -> None:
    for payload in payloads:
        await publish_event(js, payload)


async def test_urgent_requests_are_served_before_routine_ones_whatever_their_arrival(js, medicine_settings):
    clock = FixedClock(T0)
    settings = medicine_settings()
    async with running(definition(settings), settings, js, clock=clock):
        tap = await EventTap().start(js, "medicine")
        await publish_all(js, i.roster())
        # Arrival order: routine, routine, urgent by days left, routine for another hospital,
        # critical as stated, soon by a vulnerable person.
        arrivals = [i.request("R1", "drug-a", days_left=30), i.request("R2", "drug-b", days_left=20),
                    i.request("R3", "drug-c", days_left=1), i.request("R4", "drug-d", hospital="Huashan"),
                    i.request("R4", "drug-e", urgency=1), i.request("R3", "drug-f", vulnerable=True)]
        for n, payload in enumerate(arrivals):
            clock.set(T0 + timedelta(minutes=n))
            await publish_event(js, payload)
        accepted = await tap.wait_for("medicine.request_accepted", 6)
        assert [a["urgency"] for a in accepted] == [4, 4, 2, 4, 1, 3]
        ids = [a["request_id"] for a in accepted]

        await publish_event(js, i.run("ruijin ", size=3))  # one hospital's queue, however typed
        claimed = (await tap.wait_for("medicine.run_claimed", 1))[0]
        assert [item["request_id"] for item in claimed["items"]] == [ids[4], ids[2], ids[5]]
        assert claimed["left_in_queue"] == 2 and claimed["items"][0]["drug"] == "drug-e"

        await publish_event(js, i.urgency(ids[1], 2))  # the committee raises the later routine one
        changed = (await tap.wait_for("medicine.urgency_changed", 1))[0]
        assert (changed["previous"], changed["urgency"], changed["requester_id"]) == (4, 2, "R2")
        await publish_event(js, i.run("Ruijin", by="R8"))
        second = (await tap.wait_for("medicine.run_claimed", 2))[1]
        assert [item["request_id"] for item in second["items"]] == [ids[1], ids[0]]

        await publish_event(js, i.run("Ruijin", by="R8"))
        refused = (await tap.wait_for("medicine.request_refused", 1))[0]
        assert (refused["reason"], refused["params"]["waiting"]) == ("nothing_queued", "Huashan×1")
        await tap.stop()
