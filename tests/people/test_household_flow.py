"""A household of two, and what each person may see, over the whole system: a couple in
5-1102 each hear their household's order line once (the one who ordered as the reply, the
other from notify) and are each told once when their parcel and their share are on the rack;
their building's admin, who lives in 5-1101, gets her own household's notice and her
building's hand-out list; a resident's `查询` / `/status` shows their own household only, and
`/status P1` once the parcel is released is answered once (by delivery), not twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from shared.runtime.clock import FixedClock
from tests.holding.tap import EventTap
from tests.notify.helpers import settle

from .compound import T0, compound, open_buy

CONSUMERS = ("notify-intake", "notify-holding", "notify-delivery", "notify-vetting")


async def test_a_couple_each_hear_once_and_a_resident_sees_only_their_household(js, settings_for, tmp_path):
    clock = FixedClock(T0)
    async with compound(js, settings_for, tmp_path, clock) as place:
        vetting, holding, delivery = [await EventTap().start(js, s) for s in ("vetting", "holding", "delivery")]
        await open_buy(place, vetting)
        await place.say_all(("刘芳", "接龙 GB1 2 青菜"), ("王建国", "接龙 GB1 1 鸡蛋"), ("张伟@3-502", "接龙 GB1 3 青菜"),
                            ("孙保安", "到货 快递 5-1102 顺丰"), ("孙保安", "到货 快递 3-502"))
        await vetting.wait_for("order.accepted", 3)
        await holding.wait_for("arrival.registered", 2)
        await place.told("李秀英", "家人为 5-1102 在 GB1 接龙：鸡蛋 × 1。")  # her husband ordered for them both

        await place.say("王建国", "查询")
        (gate,) = await place.told("王建国", "门口（封控区）")
        assert gate == "门口（封控区）\nP1：待消杀"
        await place.say("李秀英", "/status P2")
        await place.told("李秀英", "没有到货记录 P2。")
        await place.say("Peter Hansen", "/status")
        await place.told("Peter Hansen", "Gate (", "nothing for your household.")
        await place.say("刘芳", "查询")  # as building 5's admin
        (admin_gate,) = await place.told("刘芳", "门口（封控区）")
        assert "P1" in admin_gate and "P2" not in admin_gate
        await place.say("孙保安", "查询")  # the gate's own staff see it all
        await place.told("孙保安", "门口（封控区）", "P1", "P2")

        await place.say("杨帆", "截团 GB1")
        await vetting.wait_for("sheet.issued", 1)
        await place.say("孙保安", "到货 GB1 2箱")
        arrivals = [a["arrival_id"] for a in await holding.wait_for("arrival.registered", 3)]
        assert arrivals[:2] == ["P1", "P2"]
        for ref in arrivals:
            await place.say("周物业", f"消杀 {ref}")
        started = await holding.wait_for("hold.started", 3)
        clock.set(max(datetime.fromisoformat(h["due_at"]) for h in started) + timedelta(minutes=1))
        planned = await delivery.wait_for("delivery.planned", 3)

        (handout,) = await place.told("刘芳", "5号楼的部分已放行")
        assert "5-1101：青菜 × 2" in handout and "5-1102：鸡蛋 × 1" in handout and "3-502" not in handout
        portion = next(t["item_id"] for p in planned for t in p["tasks"] if t["kind"] == "portion"
                       and t["building"] == "5")
        await place.say("周物业", "上架 P1 A3")
        await place.say("周物业", f"上架 {portion} B1")
        await place.told("刘芳", f"{portion}", "您的物品：青菜 × 2")
        for person in ("王建国", "李秀英"):
            await place.told(person, "5-1102 的包裹 P1 已放在5号楼货架")
            await place.told(person, f"{portion}", "您的物品：鸡蛋 × 1")

        asking = await place.say("王建国", "/status P1")
        await place.told("王建国", "P1", "货架")
        await settle(js, *CONSUMERS)
        for person in ("王建国", "李秀英"):
            told = await place.all_to(person)
            assert sum("5-1102 在 GB1" in t and "鸡蛋 × 1" in t for t in told) == 1, told  # the order line, once
            assert sum("包裹 P1 已放在" in t for t in told) == 1, told
            assert sum(f"{portion}" in t and "已放在" in t for t in told) == 1, told
        assert not [t for t in await place.all_to("刘芳") if "P1 已放在" in t]  # not her household's parcel
        assert not [t for t in await place.all_to("刘芳") if "家人" in t]  # she lives alone
        answers = [m for m in await place.out.read() if m.reply_to == asking.message_id]
        assert len(answers) == 1, [m.text for m in answers]
