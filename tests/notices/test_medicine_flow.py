"""Medicine as people do it, in chat: a building admin files for a household, a resident for
her own, the volunteer's run lists one line per item, a substitute is confirmed, the hand-off
is answered, and the admin hears when the household's medicine is on the rack."""

from __future__ import annotations

import re

from .compound import compound

ROSTER = """building,room,name,role,language
3,1201,王芳,resident,zh
3,,赵管理,building_admin,zh
,,Volunteer Wu,volunteer,en
,,孙保安,guard,zh
,,周物业,property,zh
"""
WANG, ADMIN, WU, GUARD, PROPERTY = (f"R{n}" for n in range(1, 6))


async def test_a_run_from_request_to_rack_with_a_substitute_and_the_admin_told(js, settings_for, tmp_path):
    async with compound(js, settings_for, tmp_path, ROSTER) as c:
        await c.bind(WANG, ADMIN, WU, GUARD, PROPERTY)
        await c.say("配药 3-1201 瑞金医院，胰岛素，2盒，1", ADMIN)
        await c.told(f"dm-{ADMIN}", "MR1")
        await c.say("配药 瑞金医院，阿司匹林，1盒，5", WANG)
        await c.told(f"dm-{WANG}", "MR2")

        await c.say("/run 瑞金医院", WU)
        claimed = await c.told(f"dm-{WU}", "Run HR1")
        assert re.search(r"^MR1 \[\d\] 胰岛素, 2盒$", claimed.text, re.M), claimed.text
        assert re.search(r"^MR2 \[\d\] 阿司匹林, 1盒$", claimed.text, re.M), claimed.text  # one line per item

        await c.answers(await c.say("/bought MR1", WU))
        await c.say("/substitute MR2 拜阿司匹林", WU)
        await c.told(f"dm-{WU}", "拜阿司匹林")  # medical details: in the direct chat, not threaded
        asked = await c.told(f"dm-{WANG}", "拜阿司匹林")
        assert "同意替代 MR2" in asked.text, asked.text
        await c.answers(await c.say("同意替代 MR2", WANG))
        await c.told(f"dm-{WU}", "yes to the substitute for MR2")
        await c.answers(await c.say("/bought MR2", WU), 1)

        (handed,) = await c.answers(await c.say("/handoff HR1", WU))
        assert handed.startswith("Handed in HR1: MR1, MR2 registered at the gate"), handed

        await c.told(f"dm-{PROPERTY}", "M2")
        await c.answers(await c.say("消杀 M1 M2", PROPERTY), 2)
        c.later(hours=2, minutes=1)
        await c.told(f"dm-{PROPERTY}", "M1已放行")
        await c.answer(await c.say("上架 M1", PROPERTY), "已通知 1 人")
        told = await c.told(f"dm-{ADMIN}", "已放上3号楼货架")
        assert told.text == "您为 3-1201 代配的药 MR1（门口编号 M1）已放上3号楼货架，请提醒该户取药。"
        await c.told(f"dm-{WANG}", "M1")
        await c.told(f"dm-{PROPERTY}", "M2已放行")
        await c.answer(await c.say("上架 M2", PROPERTY), "已通知 1 人")
        await c.told(f"dm-{WANG}", "M2")
        assert [t for t in await c.inbox(f"dm-{ADMIN}") if "M2" in t] == []  # 王芳 filed MR2 herself
