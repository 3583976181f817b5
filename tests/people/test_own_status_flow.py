"""A resident's bare `查询` / `/status` over the whole system: their household's order, parcel
and medicine request, each answered by the service that owns it, and nothing of the
neighbours' (no other P or MR id, no other room); someone with nothing hears so once."""

from __future__ import annotations

from shared.runtime.clock import FixedClock
from tests.holding.tap import EventTap
from tests.notify.helpers import settle

from .compound import T0, compound, open_buy

CONSUMERS = ("notify-intake", "notify-holding", "notify-delivery", "notify-vetting", "notify-medicine")


async def test_a_residents_status_shows_their_household_only(js, settings_for, tmp_path):
    async with compound(js, settings_for, tmp_path, FixedClock(T0)) as place:
        vetting, holding, medicine = [await EventTap().start(js, s) for s in ("vetting", "holding", "medicine")]
        await open_buy(place, vetting)
        await place.say_all(("王建国", "接龙 GB1 1 鸡蛋"), ("张伟@3-502", "接龙 GB1 3 青菜"),
                            ("李秀英", "配药 瑞金医院，氨氯地平，5mg，3天"), ("孙丽", "配药 华山医院，二甲双胍，0.5g，2天"),
                            ("孙保安", "到货 快递 5-1102"), ("孙保安", "到货 快递 3-502"))
        await vetting.wait_for("order.accepted", 2)
        await medicine.wait_for("medicine.request_accepted", 2)
        await holding.wait_for("arrival.registered", 2)
        await settle(js, *CONSUMERS)

        before, peter_before = len(await place.all_to("王建国")), len(await place.all_to("Peter Hansen"))
        await place.say("王建国", "查询")
        await place.say("Peter Hansen", "/status")
        await place.told("王建国", "门口（")
        await place.told("王建国", "团购 GB1")
        await place.told("王建国", "MR1", "医院")
        await place.told("Peter Hansen", "Gate (", "nothing for your household.")
        await settle(js, *CONSUMERS)
        answers = (await place.all_to("王建国"))[before:]
        assert len(answers) == 3, answers  # holding, vetting and medicine, once each
        everything = "\n".join(answers)
        assert "P1" in everything and "5-1102：鸡蛋 × 1" in everything and "MR1 5-1102" in everything
        for neighbours in ("P2", "MR2", "3-502", "二甲双胍", "华山"):
            assert neighbours not in everything, (neighbours, answers)
        assert "氨氯地平" not in everything  # his wife's request: ids and states, not the drug
        assert len(await place.all_to("Peter Hansen")) == peter_before + 1
