"""delivery's events reach people over a real NATS: notify and delivery both running on
their own stores, a released parcel racked, reminded, escalated, refused and picked up;
and each building admin's own hand-out list."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import timedelta

from sqlalchemy import create_engine, text

from services.delivery.service import definition as delivery_definition
from services.delivery.settings import DeliverySettings
from services.notify.settings import RateLimit
from shared.contracts.delivery import DeliveryPlanned, DeliveryTask, HandoutLine, RoomHandout
from shared.contracts.holding import Destination, HoldReleased
from shared.contracts.intake import PickupRequested, ProxyRequested, RackRequested
from shared.runtime.clock import FixedClock
from tests.notify.helpers import NOW, ChatOutReader, actor, chat, notify, notify_settings, person, settle
from tests.support.services import publish_event, running
from tests.support.waiting import eventually

# Pacing has its own test; here every notice may go out at once.
OPEN = {"default": RateLimit(chat_per_minute=1000, chat_burst=100, platform_per_second=1000, platform_burst=1000)}
PEOPLE = {  # person: (role, building, room, language)
    "R1": ("resident", "3", "101", "en"), "R2": ("resident", "3", "101", "zh"),
    "R3": ("resident", "3", "102", "zh"), "R4": ("resident", "5", "201", "zh"),
    "R8": ("building_admin", "3", None, "en"), "R9": ("property", None, None, "zh"),
}


def who(person_id: str):
    role, building, room, language = PEOPLE[person_id]
    return actor(person_id, role, language, building, room)


def dm(person_id: str):
    return chat(f"dm-{person_id}", sender=person_id)


@asynccontextmanager
async def delivery(js, settings_for, clock):
    """delivery on its own store: on PostgreSQL its own schema, never notify's."""
    base = settings_for()
    schema = f"{base.database_schema}_delivery" if base.database_schema else None
    settings = DeliverySettings(**{**base.model_dump(), "database_schema": schema})
    try:
        async with running(delivery_definition(settings), settings, js, clock=clock):
            yield
    finally:
        if schema:
            engine = create_engine(settings.database_url_for("delivery"))
            with engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            engine.dispose()


async def said(out: ChatOutReader, person_id: str, fragment: str, count: int = 1):
    async def check():
        found = [m for m in await out.read() if m.chat_id == f"dm-{person_id}" and fragment in m.text]
        return found if len(found) >= count else None

    try:
        return await eventually(check, what=f"{fragment!r} to {person_id}")
    except AssertionError as exc:
        exc.add_note(f"{person_id} was told: {[m.text for m in out.messages if m.chat_id == f'dm-{person_id}']}")
        raise


async def test_a_racked_parcel_is_announced_reminded_escalated_and_picked_up(js, settings_for):
    clock = FixedClock(NOW)
    out = ChatOutReader(js)
    async with notify(js, notify_settings(settings_for, notify_rate_limits=OPEN), clock), \
            delivery(js, settings_for, clock):
        for pid, (role, building, room, language) in PEOPLE.items():
            await person(js, pid, role=role, language=language, building=building, room=room)
        await settle(js, "notify-intake")
        await publish_event(js, ProxyRequested(actor=who("R1"), chat=dm("R1"), proxy_person_id="R4"))
        await said(out, "R4", "3-101 指定您为代取人")
        await publish_event(js, HoldReleased(
            arrival_id="P1", destination=Destination(kind="parcel", building="3", room="101", note="SF express"),
            registered_at=NOW, disinfected_at=NOW, due_at=NOW, released_at=NOW))
        await said(out, "R9", "P1 → 3号楼货架，3-101")

        clock.advance(minutes=30)  # 10:30 in Shanghai
        racking = dm("R9")
        await publish_event(js, RackRequested(actor=who("R9"), chat=racking, item_ref="P1", slot="B2"))
        (arrival,) = await said(out, "R1", "Parcel P1 for 3-101 is on rack 3, slot B2, since 04-10 10:30.")
        assert "Note: SF express" in arrival.text and "proxy" not in arrival.text
        await said(out, "R2", "3-101 的包裹 P1 已放在3号楼货架，货位 B2，上架时间 04-10 10:30。")
        (to_proxy,) = await said(out, "R4", "您是 3-101 指定的代取人")
        assert "包裹 P1" in to_proxy.text
        (confirmed,) = await said(out, "R9", "P1 已放上3号楼货架，货位 B2。已通知 3 人。")
        assert confirmed.reply_to == racking.message_id

        neighbour = dm("R3")
        await publish_event(js, PickupRequested(actor=who("R3"), chat=neighbour, item_ref="P1"))
        (refused,) = await said(out, "R3", "未能确认取件：P1 不是您家的")
        assert refused.reply_to == neighbour.message_id

        clock.advance(hours=4)
        await said(out, "R1", "Reminder 1: Parcel P1 for 3-101 has been on rack 3, slot B2 for 4 h")
        await said(out, "R2", "第 1 次提醒")
        await said(out, "R4", "第 1 次提醒")
        clock.set(NOW + timedelta(minutes=30, hours=24))
        (escalated,) = await said(out, "R8", "Parcel P1 has been on rack 3, slot B2 for 24 h (since 04-10 10:30)")
        assert "Still to pick up: 3-101." in escalated.text
        await said(out, "R1", "Reminder 2:")

        taking = dm("R4")
        await publish_event(js, PickupRequested(actor=who("R4"), chat=taking, item_ref="P1"))
        (thanks,) = await said(out, "R4", "已确认取件：3-101 的 P1（代取）")
        assert thanks.reply_to == taking.message_id
        await said(out, "R1", "P1 for 3-101 was picked up by your proxy R4")
        await said(out, "R2", "已由您指定的代取人 R4")
        await settle(js, "notify-delivery")
    assert not [m for m in await out.read() if m.chat_id == "dm-R3" and "P1" in m.text and m != refused]
    assert not [m for m in await out.read() if m.chat_id == "dm-R8" and m.text.startswith("Parcel P1 for")]


def portion(item_id: str, building: str, room: str, qty: int) -> DeliveryTask:
    return DeliveryTask(item_id=item_id, kind="portion", building=building, rack=building,
                        handouts=[RoomHandout(room=room, lines=[HandoutLine(item="rice", qty=qty)])],
                        totals=[HandoutLine(item="rice", qty=qty)])


async def test_each_building_admin_gets_only_their_buildings_hand_out_list(js, settings_for):
    out = ChatOutReader(js)
    async with notify(js, notify_settings(settings_for, notify_rate_limits=OPEN)):
        await person(js, "R8", role="building_admin", language="en", building="3")
        await person(js, "R5", role="building_admin", language="zh", building="5")
        await settle(js, "notify-intake")
        await publish_event(js, DeliveryPlanned(arrival_id="A1", kind="groupbuy", groupbuy_id="GB1",
                                                vendor_name="Fresh", boxes=2, released_at=NOW,
                                                tasks=[portion("D1", "3", "101", 2), portion("D2", "5", "502", 7)]))
        (to_3,) = await said(out, "R8", "D1: building 3's share of GB1 (Fresh)")
        (to_5,) = await said(out, "R5", "D2：GB1（Fresh）中 5号楼的部分")
        await settle(js, "notify-delivery")
    assert "3-101: rice × 2" in to_3.text and "502" not in to_3.text
    assert "5-502：rice × 7" in to_5.text and "101" not in to_5.text
    assert len([m for m in await out.read() if m.chat_id in ("dm-R8", "dm-R5") and "GB1" in m.text]) == 2
