"""The daily bulletin over a real NATS: a scripted day's figures equal that day's events,
the committee's lines are in it, and it is posted once even when notify restarts."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from shared.contracts.intake import BulletinAdditionRequested
from shared.contracts import holding as h
from shared.contracts import vetting as v
from shared.runtime.clock import FixedClock
from tests.notify.helpers import ChatOutReader, actor, chat, notify, notify_settings, register_group, settle
from tests.support.services import events_of, publish_event
from tests.support.waiting import eventually

MORNING = datetime(2022, 4, 10, 0, 30, tzinfo=timezone.utc)   # 08:30 in Shanghai
BULLETIN = datetime(2022, 4, 10, 12, 0, tzinfo=timezone.utc)  # 20:00 in Shanghai
ITEM = v.Item(name="rice", category="grain_oil", price=Decimal("45"))


def opened(n: int) -> v.GroupBuyOpened:
    return v.GroupBuyOpened(groupbuy_id=f"GB{n}", vendor_id="V1", vendor_name="Fresh", leader_id="L1",
                            deadline=BULLETIN + timedelta(days=1), items=[ITEM])


def accepted(room: str, qty: int = 2) -> v.OrderAccepted:
    return v.OrderAccepted(groupbuy_id="GB1", item="rice", qty=qty, building="3", room=room)


PARCEL = h.Destination(kind="parcel", building="3", room="101")


def arrived(n: int) -> h.ArrivalRegistered:
    return h.ArrivalRegistered(arrival_id=f"P{n}", destination=PARCEL, registered_at=MORNING, disinfect_by=MORNING)


GATE = [arrived(1), arrived(2), arrived(3),
        h.ArrivalRefused(kind="groupbuy", reason="groupbuy_unknown", params={"groupbuy": "GB9"},
                         guard_action="turn_away"),
        h.ArrivalDisinfected(arrival_id="P1", by="R2", at=MORNING),
        h.HoldReleased(arrival_id="P1", destination=PARCEL, registered_at=MORNING, disinfected_at=MORNING,
                       due_at=MORNING, released_at=MORNING)]
DAY = GATE + [opened(1), opened(2), accepted("101"), accepted("102"), accepted("103", qty=0),
       v.GroupBuyClosed(groupbuy_id="GB2", vendor_id="V1", leader_id="L1", by="deadline"),
       v.VendorApproved(vendor_id="V2", name="Milk", by="policy"),
       v.VendorSuspended(vendor_id="V1", name="Fresh", reason="licence_expired", licence_kind="food",
                         expired_on=date(2022, 4, 9))]


async def test_a_scripted_days_bulletin_counts_that_days_events_once(js, settings_for):
    clock = FixedClock(MORNING)
    out = ChatOutReader(js)
    committee = actor("C1", "committee", "en")
    settings = notify_settings(settings_for)
    async with notify(js, settings, clock):
        await register_group(js, committee, "g-all", "all")
        for payload in DAY:
            await publish_event(js, payload)
        await publish_event(js, BulletinAdditionRequested(actor=committee, chat=chat("dm-C1", "C1"),
                                                          text="Nucleic acid test at 7:00 {{ x }}"))
        await settle(js, "notify-intake", "notify-vetting", "notify-holding")
        clock.set(BULLETIN - timedelta(minutes=1))
        await publish_event(js, accepted("104"))  # 19:59: still today
        await settle(js, "notify-vetting")
        clock.set(BULLETIN)
        published = await eventually(lambda: events_of(js, "notify", "bulletin.published"), what="bulletin")
        await publish_event(js, accepted("105"))  # 20:00: tomorrow's
        await settle(js, "notify-vetting")
        (posted,) = await eventually(lambda: _posted(out, 1), what="the bulletin in the group")
    figures = published[0].data["figures"]
    assert published[0].data["day"] == "2022-04-10"
    assert {k: n for k, n in figures.items() if n} == {
        "groupbuys_opened": 2, "groupbuys_closed": 1, "orders": 3, "vendors_approved": 1, "vendors_suspended": 1,
        "arrivals": 3, "refused": 1, "disinfected": 1, "released": 1, "waiting_gate": 2}
    assert published[0].data["additions"] == ["Nucleic acid test at 7:00 {{ x }}"]
    assert "Orders: 3" in posted.text and "- Nucleic acid test at 7:00 {{ x }}" in posted.text

    clock.set(BULLETIN + timedelta(minutes=5))  # notify restarts after posting
    async with notify(js, settings, clock):
        await publish_event(js, accepted("106"))
        await settle(js, "notify-vetting")
        clock.advance(hours=1)
        await publish_event(js, accepted("107"))
        await settle(js, "notify-vetting")
        assert len(await events_of(js, "notify", "bulletin.published")) == 1
        clock.set(BULLETIN + timedelta(days=1))
        second = await eventually(lambda: _bulletins(js, 2), what="the next day's bulletin")
    tomorrow = second[1].data["figures"]
    assert second[1].data["day"] == "2022-04-11" and (tomorrow["orders"], tomorrow["arrivals"]) == (3, 0)
    assert tomorrow["waiting_gate"] == 2  # standing: still at the gate
    assert len(await _posted(out, 2)) == 2


async def _bulletins(js, n):
    found = await events_of(js, "notify", "bulletin.published")
    return found if len(found) >= n else None


async def _posted(out, n):
    found = [m for m in await out.read() if m.chat_id == "g-all" and m.text.startswith("Daily bulletin")]
    return found if len(found) >= n else None
