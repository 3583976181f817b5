"""One person, one home, several roles, over the whole system: a building admin who lives in
5-1101 binds once and both orders for her household and collects her building's demand; an
English resident who volunteers orders and claims a medicine run from the same identity; a
command none of their roles allows is refused naming the role it needs, in their language."""

from __future__ import annotations

from shared.runtime.clock import FixedClock
from tests.holding.tap import EventTap

from .compound import T0, compound, open_buy


async def test_a_building_admin_at_home_orders_for_her_household_and_sees_her_buildings_demand(
        js, settings_for, tmp_path):
    async with compound(js, settings_for, tmp_path, FixedClock(T0)) as place:
        vetting = await EventTap().start(js, "vetting")
        (bound,) = await place.told("刘芳", "绑定成功")
        assert "刘芳（居民、楼栋团购管理员，5-1101）" in bound
        await open_buy(place, vetting)

        await place.say("刘芳", "接龙 GB1 2 青菜")
        await place.told("刘芳", "接龙成功：5-1101 在 GB1 订 青菜 × 2")
        await place.say("王建国", "接龙 GB1 1 鸡蛋")
        await place.say("张伟@3-502", "接龙 GB1 3 青菜")
        await vetting.wait_for("order.accepted", 3)

        await place.say("刘芳", "查询 GB1")  # as building 5's admin: every room of her building
        (status,) = await place.told("刘芳", "团购 GB1")
        assert "5号楼：" in status and "5-1101：青菜 × 2" in status and "5-1102：鸡蛋 × 1" in status
        assert "3-502" not in status and "3号楼" not in status
        await place.say("王建国", "查询 GB1")  # a neighbour: only his own household
        (own,) = await place.told("王建国", "团购 GB1")
        assert "5-1102：鸡蛋 × 1" in own and "5-1101" not in own

        await place.say("刘芳", "到货 快递 5-1102")
        (refused,) = await place.told("刘芳", "到货")
        assert refused == "「到货」仅限保安使用；您登记的身份是居民、楼栋团购管理员。"


async def test_an_english_resident_who_volunteers_orders_and_runs_from_one_identity(js, settings_for, tmp_path):
    async with compound(js, settings_for, tmp_path, FixedClock(T0)) as place:
        vetting = await EventTap().start(js, "vetting")
        medicine = await EventTap().start(js, "medicine")
        (bound,) = await place.told("Anna Schmidt", "Linked")
        assert "Anna Schmidt (resident, volunteer, 5-1201)" in bound
        await open_buy(place, vetting)
        await place.say("Anna Schmidt", "/order GB1 1 鸡蛋")
        await place.told("Anna Schmidt", "5-1201", "GB1")
        await place.say("Anna Schmidt", "/med Ruijin, Amlodipine, 5mg, 3 days")
        await medicine.wait_for("medicine.request_accepted", 1)
        await place.say("Anna Schmidt", "/run Ruijin")
        (claimed,) = await medicine.wait_for("medicine.run_claimed", 1)
        assert claimed["volunteer_id"] == place.ids["Anna Schmidt"]

        await place.say("Anna Schmidt", "/approve GB1")
        (refused,) = await place.told("Anna Schmidt", "approve")
        assert refused.endswith("is for committee; you are registered as resident, volunteer.")
        await place.say("Anna Schmidt", "/help")
        (help_,) = await place.told("Anna Schmidt", "lastmile commands for resident, volunteer")
        assert "/order" in help_ and "/run" in help_ and "/approve" not in help_
