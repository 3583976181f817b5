"""medicine in the daily bulletin over a real NATS: requests, runs, filled, substitutes and
unavailable counted from medicine's events, and the posted text names no drug."""

from __future__ import annotations

from datetime import datetime, timezone

from shared.contracts import medicine as m
from shared.runtime.clock import FixedClock
from tests.notify.helpers import ChatOutReader, chat, notify, notify_settings, person, settle
from tests.support.services import events_of, publish_event
from tests.support.waiting import eventually

MORNING = datetime(2022, 4, 10, 0, 30, tzinfo=timezone.utc)   # 08:30 in Shanghai
BULLETIN = datetime(2022, 4, 10, 12, 0, tzinfo=timezone.utc)  # 20:00 in Shanghai
DRUG, SUBSTITUTE = "Glargine-7X", "Detemir-9Y"
ASKER = {"person_id": "R1", "chat": chat("dm-R1", "R1"), "language": "en"}
NEED = {"requester_id": "R1", "requester_language": "en"}


def accepted(n: int) -> m.MedicineRequestAccepted:
    return m.MedicineRequestAccepted(**ASKER, request_id=f"MR{n}", building="3", room="101", hospital="Ruijin",
                                     drug=DRUG, dose="3 pens", days_left=2, vulnerable=False, urgency=3, position=n)


def declined(n: int, to: str) -> m.MedicineSubstituteDeclined:
    return m.MedicineSubstituteDeclined(**NEED, request_id=f"MR{n}", run_id="HR1", volunteer_id="R7",
                                        timed_out=True, returned_to=to)


async def test_medicine_figures_in_the_bulletin_without_drug_names(js, settings_for):
    clock = FixedClock(MORNING)
    async with notify(js, notify_settings(settings_for), clock):
        await person(js, "C1", "committee", "en")
        await person(js, "R1", "resident", "en", "3", "101")
        item = m.RunItem(request_id="MR1", urgency=3, drug=DRUG, dose="3 pens", **NEED)
        events = [accepted(1), accepted(2), accepted(3),
                  m.MedicineRunClaimed(**ASKER, run_id="HR1", hospital="Ruijin", volunteer_id="R7", items=[item]),
                  m.MedicineBought(**ASKER, **NEED, request_id="MR1", run_id="HR1"),
                  m.MedicineSubstituteProposed(**ASKER, **NEED, request_id="MR2", run_id="HR1", drug=DRUG,
                                               substitute=SUBSTITUTE, answer_by=BULLETIN),
                  m.MedicineSubstituteProposed(**ASKER, **NEED, request_id="MR3", run_id="HR1", drug=DRUG,
                                               substitute=SUBSTITUTE, answer_by=BULLETIN),
                  declined(2, "queue"), declined(3, "unavailable"),
                  m.MedicineUnavailable(**ASKER, **NEED, request_id="MR4", run_id="HR1", reason="none left")]
        for payload in events:
            await publish_event(js, payload)
        await settle(js, "notify-medicine", "notify-intake")
        clock.set(BULLETIN)
        (published,) = await eventually(lambda: events_of(js, "notify", "bulletin.published"), what="bulletin")
        posted = await _bulletin_text(ChatOutReader(js))
    found = published.data["figures"]
    assert {k: found[k] for k in ("medicine_requests", "medicine_runs", "medicine_filled", "medicine_substitutes",
                                  "medicine_unavailable")} == {
        "medicine_requests": 3, "medicine_runs": 1, "medicine_filled": 1, "medicine_substitutes": 2,
        "medicine_unavailable": 2}
    assert "Medicine requests: 3" in posted and "Medicine not to be had: 2" in posted
    assert DRUG not in posted and SUBSTITUTE not in posted


async def _bulletin_text(out: ChatOutReader) -> str:
    async def find():
        return next((msg.text for msg in await out.read() if msg.chat_id == "dm-C1" and "bulletin" in msg.text), None)

    return await eventually(find, what="the bulletin in the committee's chat")
