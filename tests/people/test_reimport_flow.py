"""Roles change while the system runs: the committee re-imports its roster (saved by Excel on
Chinese Windows, so GBK) with a volunteer who became building 3's admin. He keeps his chat
binding and his household's order; no new code is handed out; the next command he sends is
checked against his new roles, and his building's demand is his to see."""

from __future__ import annotations

from services.intake.roster.run import run_import
from shared.runtime.clock import FixedClock
from tests.holding.tap import EventTap

from .compound import ROSTER, T0, compound, open_buy, write

CHANGED = ROSTER.replace("3,1201,陈晓明,resident;volunteer,zh", "3,1201,陈晓明,居民;楼长,zh")


async def test_a_reimport_changes_a_role_in_place(js, settings_for, tmp_path):
    async with compound(js, settings_for, tmp_path, FixedClock(T0)) as place:
        vetting = await EventTap().start(js, "vetting")
        medicine = await EventTap().start(js, "medicine")
        await open_buy(place, vetting)
        await place.say("陈晓明", "接龙 GB1 2 青菜")
        await place.say("Peter Hansen", "/order GB1 1 鸡蛋")
        await vetting.wait_for("order.accepted", 2)
        await place.say("陈晓明", "查询 GB1")
        (before,) = await place.told("陈晓明", "团购 GB1")
        assert "3-1201：青菜 × 2" in before and "3-1202" not in before  # his household only

        folder = tmp_path / "again"
        folder.mkdir()
        result = run_import(place.settings, write(folder, CHANGED, "gbk"), folder / "codes.csv")
        assert not result.problems and result.notes == ["read as GBK (Excel's plain CSV on Chinese Windows)"]
        assert result.codes == []  # everyone is bound already: no code to hand out again

        await place.say("陈晓明", "领药 瑞金医院")
        (refused,) = await place.told("陈晓明", "「领药」仅限志愿者使用")
        assert refused.endswith("您登记的身份是居民、楼栋团购管理员。")
        await place.say("陈晓明", "查询 GB1")
        (after,) = await place.told("陈晓明", "团购 GB1", "3号楼")
        assert "3-1201：青菜 × 2" in after and "3-1202：鸡蛋 × 1" in after
        await place.say("陈晓明", "配药 3-1202 瑞金医院，氨氯地平，5mg，3天")
        (accepted,) = await medicine.wait_for("medicine.request_accepted", 1)
        assert (accepted["building"], accepted["room"], accepted["on_behalf"]) == ("3", "1202", True)
        await place.say("Peter Hansen", "/status GB1")
        (own,) = await place.told("Peter Hansen", "Group buy GB1")
        assert "3-1201" not in own  # nothing changed for a neighbour
