"""medicine over a real NATS and a real store: triage order, runs, substitutes confirmed by
the requester (never bought without their yes), unavailable items, hand-off, status."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from typer.testing import CliRunner

from lastmile.cli import app
from services.medicine.service import definition
from shared.runtime.clock import FixedClock
from tests.holding.tap import EventTap
from tests.support.services import publish_event, running, settings_env

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

    shown = CliRunner().invoke(app, ["medicine"], env={**settings_env(settings), "COLUMNS": "160"})
    assert shown.exit_code == 0, shown.output
    assert "Huashan" in shown.stdout and "queued 1" in shown.stdout and "in_run 5" in shown.stdout
    assert "runs: open 2" in shown.stdout and "drug-" not in shown.stdout


async def test_a_substitute_is_never_bought_without_the_requesters_yes(js, medicine_settings):
    clock = FixedClock(T0)
    settings = medicine_settings(medicine_substitute_answer_minutes=30, medicine_max_runs=2)
    async with running(definition(settings), settings, js, clock=clock) as runtime:
        tap = await EventTap().start(js, "medicine")
        await publish_all(js, i.roster())
        await publish_event(js, i.request("R1", "insulin", days_left=2))       # MR1: no, then no answer
        await publish_event(js, i.request("R3", "amlodipine", days_left=2))    # MR2: yes
        await tap.wait_for("medicine.request_accepted", 2)
        await publish_event(js, i.run())
        await tap.wait_for("medicine.run_claimed", 1)
        await publish_event(js, i.substitute("MR1", "detemir", note="doctor agrees"))
        await publish_event(js, i.substitute("MR2", "nifedipine"))
        proposals = await tap.wait_for("medicine.substitute_proposed", 2)
        assert (proposals[0]["drug"], proposals[0]["substitute"], proposals[0]["requester_id"]) == (
            "insulin", "detemir", "R1")
        assert datetime.fromisoformat(proposals[0]["answer_by"]) == T0 + timedelta(minutes=30)

        # Before any answer: nothing bought, nothing given up; others cannot answer for R1.
        await publish_event(js, i.bought("MR1"))
        await publish_event(js, i.unavailable("MR1", "gave up"))
        await publish_event(js, i.answer("MR1", True, by="R2"))   # same household, not the requester
        await publish_event(js, i.answer("MR1", True, by="R5"))   # the building's admin
        await publish_event(js, i.bought("MR1", by="R8"))         # a volunteer not on the run
        refused = await tap.wait_for("medicine.request_refused", 5)
        assert [r["reason"] for r in refused] == ["substitute_unconfirmed", "substitute_unconfirmed",
                                                  "unknown_request", "unknown_request", "not_your_run"]

        await publish_event(js, i.answer("MR2", True, by="R3"))
        (confirmed,) = await tap.wait_for("medicine.substitute_confirmed", 1)
        assert (confirmed["volunteer_id"], confirmed["person_id"]) == ("R7", "R3")
        await publish_event(js, i.bought("MR2"))
        (bought,) = await tap.wait_for("medicine.bought", 1)
        assert (bought["request_id"], bought["substitute"]) == ("MR2", True)

        await publish_event(js, i.answer("MR1", False, by="R1"))
        (declined,) = await tap.wait_for("medicine.substitute_declined", 1)
        assert (declined["timed_out"], declined["returned_to"], declined["person_id"]) == (False, "queue", "R1")
        await publish_event(js, i.bought("MR1"))
        assert (await tap.wait_for("medicine.request_refused", 6))[5]["reason"] == "not_your_run"  # off the run

        # Back in the queue, on a second run; this time nobody answers in time.
        clock.advance(minutes=5)
        await publish_event(js, i.run(by="R8"))
        (_, second) = await tap.wait_for("medicine.run_claimed", 2)
        assert [item["request_id"] for item in second["items"]] == ["MR1"]
        await publish_event(js, i.substitute("MR1", "detemir", by="R8"))
        await tap.wait_for("medicine.substitute_proposed", 3)
        clock.advance(minutes=31)
        timed_out = (await tap.wait_for("medicine.substitute_declined", 2))[1]
        assert (timed_out["timed_out"], timed_out["returned_to"], timed_out["person_id"]) == (True, "unavailable", None)
        assert (timed_out["requester_id"], timed_out["volunteer_id"]) == ("R1", "R8")
        await publish_event(js, i.answer("MR1", True, by="R1"))  # too late
        assert (await tap.wait_for("medicine.request_refused", 7))[6]["reason"] == "no_substitute_pending"

        assert [b["request_id"] for b in tap.data("medicine.bought")] == ["MR2"]  # MR1 never bought
        registry = runtime.metrics.registry
        for outcome, n in {"proposed": 3, "confirmed": 1, "declined": 1, "timed_out": 1}.items():
            assert registry.get_sample_value("lastmile_medicine_substitutes_total", {"outcome": outcome}) == n
        assert registry.get_sample_value("lastmile_medicine_requests", {"state": "unavailable"}) == 1
        assert registry.get_sample_value("lastmile_medicine_runs", {"state": "open"}) == 1   # HR1: MR2 to hand in
        assert registry.get_sample_value("lastmile_medicine_runs", {"state": "done"}) == 1   # HR2: nothing left
        await tap.stop()


async def test_who_may_file_a_request_and_for_which_household(js, medicine_settings):
    settings = medicine_settings()
    async with running(definition(settings), settings, js, clock=FixedClock(T0)):
        tap = await EventTap().start(js, "medicine")
        await publish_all(js, i.roster())
        await publish_event(js, i.request("R5", building="3", room="102"))   # admin of 3 for 3-102
        (accepted,) = await tap.wait_for("medicine.request_accepted", 1)
        assert (accepted["person_id"], accepted["building"], accepted["room"], accepted["on_behalf"]) == (
            "R5", "3", "102", True)
        for wrong in (i.request("R5"), i.request("R6", building="3", room="101"),
                      i.request("R5", building="3", room="999"), i.request("R1", building="3", room="102"),
                      i.request("R7")):
            await publish_event(js, wrong)
        refused = await tap.wait_for("medicine.request_refused", 5)
        assert [r["reason"] for r in refused] == ["room_required", "not_your_building", "unknown_room",
                                                  "not_your_room", "wrong_role"]
        await publish_event(js, i.urgency("MR1", 1, by="R5"))                # only the committee triages
        await publish_event(js, i.urgency("MR1", 4))                         # already 4
        refused = await tap.wait_for("medicine.request_refused", 7)
        assert [r["reason"] for r in refused[5:]] == ["wrong_role", "same_urgency"]
        await tap.stop()
