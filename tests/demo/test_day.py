"""A small lockdown day (48 households in 3 buildings), end to end: real NATS, every service
as its own process, and the test talks to them only through the chat envelope, as people
would. It checks what people were told, in their language, and that the evening bulletin
shows exactly what the day's script did.

The script is `lastmile demo`'s (`lastmile/demo/day.py`); the clock runs 2400× so the day
(06:00 to the 20:00 bulletin) lasts about 21 s, after 8 s for the processes to start.
"""

from __future__ import annotations

import re

import pytest

from lastmile.demo.day import ALL_GROUP, group_of
from lastmile.demo.run import play


@pytest.fixture
async def played(js, nats_url, tmp_path):
    return await play(tmp_path, households=48, per_building=16, speed=2400, nats_url=nats_url, timeout=60)


def texts(played, message_id: str) -> list[str]:
    return [out["text"] for out in played.chat.answers.get(message_id, [])]


def inbox(played, chat_id: str) -> str:
    return "\n".join(out["text"] for out in played.chat.inbox.get(chat_id, []))


async def test_a_lockdown_day_through_chat_only(played):
    day, compound = played.day, played.compound
    assert day.late is None, f"the day's work ran past the bulletin ({day.late}): its figures would be short"

    # The bulletin, in both languages, shows exactly what the script did.
    expected = day.ledger.expected()
    assert day.bulletin["zh"]["figures"] == expected
    assert day.bulletin["en"]["figures"] == expected
    assert expected["orders"] > len(compound.residents)  # first orders, rice and oil, repeats and edits
    assert expected["refused"] == 1 and expected["vendors_approved"] == 2 and expected["groupbuys_closed"] == 2
    assert expected["waiting_gate"] >= 1 and expected["waiting_rack"] >= 1  # late parcels, forgotten items
    assert expected["medicine_requests"] >= 3 and expected["medicine_runs"] == 1
    assert expected["medicine_substitutes"] == 1 and expected["medicine_filled"] == len(day.ids["run_items"].split(","))
    assert "今日核酸采样 0 阳性" in day.bulletin["zh"]["text"]
    assert re.search(r"Bulletin \S+ reached (\d+) of \1 group chat", inbox(played, compound.staff["Committee Smith"].dm))

    # Everyone bound, and was answered in their own language.
    for person in compound.everyone:
        [reply] = texts(played, day.bound[person.person_id])
        assert reply.startswith("绑定成功" if person.zh else "Linked:"), (person, reply)
    assert "not registered yet" in texts(played, day.marks["not_bound"])[0]
    assert texts(played, day.marks["bad_code"]) == ["绑定码无效（不存在或已作废），请向居委重新索取。再错 4 次，本账号将暂时无法绑定。"]

    # Vetting's refusals, in the asker's language.
    assert "营业执照已过期" in texts(played, day.marks["expired_vendor"])[0]
    assert "Bubble milk tea (drinks) is not an essential" in texts(played, day.marks["non_essential"])[0]

    # Orders: a copy the adapter delivered twice is answered once; an edit is answered again.
    for person, message_id in day.copies:
        if len(texts(played, message_id)) != 1:
            pytest.fail(f"{person.home}'s redelivered order was answered {len(texts(played, message_id))} times")
    first, edited = texts(played, day.marks["edit"])
    assert re.search(r"(× (\d)|(\d) ×)", first) and first != edited
    veg = day.ids["veg"]
    assert "150 is more than the 99 allowed per line" in texts(played, day.marks["too_many"])[0]
    assert texts(played, day.marks["bad_qty"])[0].startswith("「接龙」格式不对：数量不是整数")
    assert texts(played, day.marks["unknown_buy"]) == ["接龙未成功：没有团购 GB404。"]
    zh_home = next(p for p in compound.residents if p.zh)
    assert f"接龙成功：{zh_home.home} 在 {veg} 订" in inbox(played, zh_home.dm) \
        or f"接龙成功：{zh_home.home} 在 {veg} 订" in inbox(played, group_of(zh_home.building))

    # The gate: a delivery for the refused buy is turned away; the guard reads why.
    assert "请拒收" in texts(played, day.marks["turned_away"])[0]
    assert "hold extended by 1 h (torn packaging)" in texts(played, day.marks["extend"])[0]

    # Parcels: the household is told at each step; a medicine's note never reaches the rack notice.
    late = day.ids["late"].split(",")
    for arrival, home in day.arrivals.items():
        told = inbox(played, compound.resident(home).dm)
        assert re.search(rf"(reached the gate \({arrival}\)|{arrival}）)", told) or arrival in told, (home, told)
        if arrival not in late:
            assert re.search(rf"({arrival} for {home} is on rack|{home} 的(快递|药品) {arrival} 已放在)", told), (home, told)
        if arrival.startswith("M"):
            assert "胰岛素" not in told  # the guard's note on medicine stays at the gate
    # Reminders reached each household that left its parcel, in its language.
    for person, item in day.forgotten:
        assert re.search(rf"(Reminder 1: Parcel {item}|第 1 次提醒：{person.home} 的快递 {item})", inbox(played, person.dm)), person

    # Proxies: the neighbour is told, fetches for both, and the household hears it was taken.
    proxied = [compound.resident(h) for h in day.ids["proxies"].split(",")]
    assert proxied
    for person in proxied:
        neighbour = compound.residents[compound.residents.index(person) + 1]
        assert person.home in inbox(played, neighbour.dm)
        assert re.search(r"(已由您指定的代取人|by your proxy|proxy)", inbox(played, person.dm)), inbox(played, person.dm)

    # Medicine: one line per item on the volunteer's run, the hand-off answered, the substitute
    # asked and accepted, and the admin who asked for a neighbour told when it is on the rack.
    kim, admin = compound.staff["Volunteer Kim"], compound.admins["1"]
    items = day.ids["run_items"].split(",")
    run_list = inbox(played, kim.dm)
    assert len(re.findall(r"^MR\d+ \[\d\] ", run_list, re.M)) == len(items) >= 3, run_list
    assert texts(played, day.marks["handoff"])[0].startswith(f"Handed in {day.ids['run']}: {', '.join(items)}")
    assert f"代配的药 {day.ids['filed_for_neighbour']}" in inbox(played, admin.dm), inbox(played, admin.dm)
    for arrival in day.ids["run_arrivals"].split(","):
        owner = compound.resident(day.arrivals[arrival])
        assert re.search(rf"({arrival} for {owner.home} is on rack|{owner.home} 的药品 {arrival} 已放在)",
                         inbox(played, owner.dm)), owner

    # Two roles from one identity: the admin lives in 1-101 (a household of two) and hears of
    # its parcel too; Volunteer Kim ordered rice as a resident and ran the medicine run.
    home = compound.resident(admin.home)
    parcel = next(a for a, h in day.arrivals.items() if h == home.home and a.startswith("P"))
    assert re.search(rf"{home.home} 的(快递|包裹) {parcel} 已放在", inbox(played, admin.dm)), inbox(played, admin.dm)
    assert re.search(r"(Rice 5kg|Rice)", inbox(played, kim.dm)) and "Run HR" in inbox(played, kim.dm)

    # The wrong rack: refused, in the person's language.
    refusal = texts(played, day.marks["not_recipient"])[0]
    assert "不是您家的" in refusal or "is not for your household" in refusal

    # Announcements and group buys reached the group chats.
    assert "【通报】明早 7:00 起按楼栋做核酸" in inbox(played, ALL_GROUP)
    assert "Water is off" in inbox(played, group_of(compound.buildings[-1]))
    assert veg in inbox(played, ALL_GROUP)
