"""Residents on a real Matrix homeserver, through the real services and the Matrix adapter,
all as their own processes: each writes in Matrix and reads the answer in Matrix. One
compound for the module (its set-up binds everyone, registers the building group and opens
a group buy); each test then plays one thing people do."""

from __future__ import annotations

import re

import pytest

from .matrix_compound import MatrixCompound

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
async def mx(homeserver, tmp_path_factory):
    world = MatrixCompound(tmp_path_factory.mktemp("matrix-e2e"), homeserver)
    try:
        world.start()
        await world.open_direct_chats()
        world.bound = {key: await world.ask(key, r.bind) for key, r in world.people.items()}
        world.building = await world.group("1号楼", "resident_en", "resident_zh")
        world.registered = await world.ask("committee", "群登记 1", world.building)
        yield world
    finally:
        await world.close()


@pytest.fixture(scope="module")
async def buy(mx):
    """A guaranteed vendor (the committee registers it: approved at once) and its open group buy: the buy's id."""
    vendor = await mx.ask("committee", "商家登记 鲜丰农场\n营业执照 BL-1 2030-12-31\n食品 FL-1 2030-12-31\n保供", count=2)
    assert "可以开团" in vendor, vendor
    (vendor_id,) = re.findall(r"V\d+", vendor)[:1]
    opened = await mx.ask("leader", f"/groupbuy {vendor_id} until 23:59\nvegetable box vegetables 25")
    assert re.findall(r"\bGB\d+\b", opened), (vendor, opened)
    return re.findall(r"\bGB\d+\b", opened)[0]


async def test_everyone_binds_in_their_direct_chat_in_their_language(mx):
    assert mx.bound["resident_en"].startswith("Linked:"), mx.bound
    assert mx.bound["resident_zh"].startswith("绑定成功"), mx.bound
    assert mx.bound["committee"].startswith("绑定成功"), mx.bound
    wrong = await mx.ask("resident_zh", "绑定 ZZZZ-ZZZZ-ZZZZ")
    assert wrong.startswith("绑定码无效"), wrong


async def test_the_committee_registers_the_building_group_in_the_group(mx):
    assert "1" in mx.registered and re.search(r"群|group", mx.registered), mx.registered


async def test_an_order_in_the_group_and_its_edit_are_both_answered_there(mx, buy):
    alice = mx.people["resident_en"].person
    order = await alice.say(mx.building, f"/order {buy} 2")
    (first,) = await mx.replies(alice, mx.building, order)
    await alice.edit(mx.building, order, f"/order {buy} 3")
    first_again, edited = await mx.replies(alice, mx.building, order, count=2)
    assert first_again == first and "2" in first and "3" in edited and first != edited, (first, edited)


async def test_a_racked_parcel_is_told_in_the_residents_direct_chat(mx):
    arrived = await mx.ask("guard", "/arrive parcel 1-102")
    (arrival,) = re.findall(r"\bP\d+\b", arrived)[:1] or [arrived]
    await mx.ask("property", f"消杀 {arrival}")
    staff = mx.people["property"]
    carry = await mx.told(staff.person, staff.dm, re.escape(arrival) + r".*已放行")
    (item,) = re.findall(r"(\w+) → 1号楼货架", carry)
    racked = await mx.ask("property", f"上架 {item} 3层")
    assert f"{item} 已放上1号楼货架" in racked, racked
    resident = mx.people["resident_zh"]
    notice = await mx.told(resident.person, resident.dm, "已放在1号楼货架")
    assert notice.startswith(f"1-102 的") and item in notice and "货位 3层" in notice, notice


async def test_an_announcement_reaches_the_group_and_the_committee_reads_its_reach(mx):
    committee = mx.people["committee"]
    await mx.ask("committee", "通报 全体 明早八点核酸检测")
    bob = mx.people["resident_zh"].person
    assert "明早八点核酸检测" in await mx.told(bob, mx.building, "明早八点核酸检测")
    report = await mx.told(committee.person, committee.dm, "个群中已送达")
    assert "1 个群中已送达 1 个" in report and "已送达：1号楼（matrix）" in report, report
