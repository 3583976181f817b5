"""Need-to-know over the whole system, through chat: intake, medicine, holding, delivery and
notify running on a real NATS, everyone bound from a direct chat. A building admin, a
volunteer not on the run and another resident send every command that could touch the
request; every chat message they get is read, and none names the drug, dose, note or
substitute. The same scripted run's metrics (all five services) and log lines carry none of
it either. The requester and the run's volunteer do read the details (so the check can fail)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from prometheus_client import generate_latest

from services.intake.roster.run import run_import
from services.notify.settings import RateLimit
from shared.runtime.clock import FixedClock
from tests.holding.tap import EventTap
from tests.intake.support import read_codes, say, write_roster
from tests.notify.helpers import ChatOutReader, settle
from tests.support.waiting import eventually

from .stack import own_settings, services

T0 = datetime(2022, 4, 10, 2, 0, tzinfo=timezone.utc)
OPEN = {"default": RateLimit(chat_per_minute=1000, chat_burst=100, platform_per_second=1000, platform_burst=1000)}
ROSTER = """building,room,name,role,language
3,1201,王芳,resident,zh
3,1201,Wang Lei,resident,en
3,1202,Li Lei,resident,en
3,,赵管理,building_admin,zh
,,Committee Liu,committee,en
,,孙保安,guard,zh
,,周物业,property,zh
,,Volunteer Wu,volunteer,en
,,志愿者钱,volunteer,zh
"""
REQUESTER, HOUSEHOLD, NEIGHBOUR, ADMIN, COMMITTEE, PROPERTY, VOLUNTEER, OTHER_VOLUNTEER = (
    "R1", "R2", "R3", "R4", "R5", "R7", "R8", "R9")
DRUG, DOSE, NOTE, SUBSTITUTE, DOCTOR = "Glargine-7X", "3 pens-22", "fridge-4471", "Detemir-9Y", "doctor-ok-55"
SECRETS = (DRUG, DOSE, NOTE, SUBSTITUTE, DOCTOR)
PRYING = ["/status MR1", "/status HR1", "/status", "/yes MR1", "/no MR1", "/bought MR1", "/substitute MR1 other",
          "/unavailable MR1 gone", "/handoff HR1", "/urgency MR1 1 why", "/run Ruijin", "/help"]
# What medicine itself answers each of them (the rest intake refuses by role, or nobody owns).
MEDICINE_ANSWERS = {NEIGHBOUR: 4, ADMIN: 4, OTHER_VOLUNTEER: 8}


def dm(person: str) -> str:
    return f"dm-u-{person}"


async def test_nobody_else_reads_the_drug_by_any_command_nor_in_metrics_or_logs(js, settings_for, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    intake_settings = own_settings(settings_for, "intake")
    codes_file = tmp_path / "codes.csv"
    assert not run_import(intake_settings, write_roster(tmp_path, ROSTER), codes_file).problems
    codes = read_codes(codes_file)
    clock = FixedClock(T0)
    names = ["intake", "medicine", "holding", "delivery", "notify"]
    async with services(js, settings_for, clock, names, {"notify": {"notify_rate_limits": OPEN}}) as running:
        medicine, holding, delivery = [await EventTap().start(js, s) for s in ("medicine", "holding", "delivery")]
        out = ChatOutReader(js)
        for person, code in codes.items():
            await say(js, f"/bind {code}", f"u-{person}")
        for person in codes:
            await out.wait_for(1, chat_id=dm(person))  # bound, and told so

        await say(js, f"/med Ruijin, {DRUG}, {DOSE}, 1 day, vulnerable, note: {NOTE}", f"u-{REQUESTER}")
        await medicine.wait_for("medicine.request_accepted", 1)
        await say(js, "/run ruijin", f"u-{VOLUNTEER}")
        await medicine.wait_for("medicine.run_claimed", 1)
        await say(js, f"/substitute MR1 {SUBSTITUTE}, {DOCTOR}", f"u-{VOLUNTEER}")
        await medicine.wait_for("medicine.substitute_proposed", 1)

        for person in MEDICINE_ANSWERS:
            for text in PRYING:
                await say(js, text, f"u-{person}")

        async def medicine_answered_them():
            answers = medicine.data("medicine.request_refused") + medicine.data("medicine.status_reported")
            return all(sum(a["person_id"] == p for a in answers) >= n for p, n in MEDICINE_ANSWERS.items())

        await eventually(medicine_answered_them, what="medicine's answers to the prying")
        status_of_admin = [s for s in medicine.data("medicine.status_reported") if s["person_id"] == ADMIN]
        assert status_of_admin[0]["found"] and status_of_admin[0]["requests"][0]["drug"] is None  # ids only

        await say(js, "/bought MR1", f"u-{VOLUNTEER}")                 # not before the yes
        await say(js, "/yes MR1", f"u-{REQUESTER}")
        await medicine.wait_for("medicine.substitute_confirmed", 1)
        await say(js, "/bought MR1", f"u-{VOLUNTEER}")
        await medicine.wait_for("medicine.bought", 1)
        await say(js, "/handoff HR1", f"u-{VOLUNTEER}")
        await holding.wait_for("arrival.registered", 1)
        await say(js, "/disinfect M1 spray", f"u-{PROPERTY}")
        (hold,) = await holding.wait_for("hold.started", 1)
        clock.set(datetime.fromisoformat(hold["due_at"]) + timedelta(minutes=1))
        await delivery.wait_for("delivery.planned", 1)
        await say(js, "/racked M1 B2", f"u-{PROPERTY}")
        for person in (REQUESTER, HOUSEHOLD):  # the household is told it is on the rack
            racked = await eventually(lambda p=person: _said(out, p, "M1", "B2"), what=f"rack notice to {person}")
            assert not any(secret in racked for secret in SECRETS)
        for person in MEDICINE_ANSWERS:
            await say(js, "/status M1", f"u-{person}")
        await delivery.wait_for("delivery.status_reported", len(MEDICINE_ANSWERS))
        await settle(js, "notify-intake", "notify-medicine", "notify-holding", "notify-delivery")

        for person, n in MEDICINE_ANSWERS.items():
            told = [m.text for m in await out.wait_for(len(PRYING), chat_id=dm(person))]
            assert len(told) >= n
            for text in told:
                assert not any(secret in text for secret in SECRETS), (person, text)
        requester = " ".join(m.text for m in await out.read() if m.chat_id == dm(REQUESTER))
        volunteer = " ".join(m.text for m in await out.read() if m.chat_id == dm(VOLUNTEER))
        assert DRUG in requester and NOTE in requester and SUBSTITUTE in requester
        assert DRUG in volunteer and SUBSTITUTE in volunteer

        scraped = {name: generate_latest(runtime.metrics.registry).decode() for name, runtime in running.items()}
        assert 'lastmile_medicine_requests{state="handed_off"} 1.0' in scraped["medicine"]
        for name, text in scraped.items():
            assert not any(secret in text for secret in SECRETS), name
        for tap in (medicine, holding, delivery):
            await tap.stop()

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "type=medicine.bought" in logged  # the run's lines were captured
    assert not any(secret in logged for secret in SECRETS)


async def _said(out: ChatOutReader, person: str, *fragments: str) -> str | None:
    for message in await out.read():
        if message.chat_id == dm(person) and all(f in message.text for f in fragments):
            return message.text
    return None
