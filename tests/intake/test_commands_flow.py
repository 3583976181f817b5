"""Every command in English and Chinese, from a platform no adapter uses, over a real NATS
and a real store: bind, then each role's commands become their intents."""

from __future__ import annotations

from datetime import datetime

from tests.support.waiting import eventually

from .support import about, from_intake, say

PEOPLE = {"R1": "王芳", "R2": "Li Lei", "R3": "admin", "R4": "leader", "R5": "committee",
          "R6": "guard", "R7": "property", "R8": "volunteer"}

# (who, text, event type, expected fields of the event's data)
COMMANDS = [
    ("R1", "/help order", "help.requested", {"topic": "order", "role": "resident"}),
    ("R1", "帮助 接龙", "help.requested", {"topic": "order", "language": "zh"}),
    ("R4", "/vendor Fresh Farm\nlicence 91310000 2030-01-01\nfood JY1 2030-01-01\nguaranteed",
     "vendor.registration_requested", {"name": "Fresh Farm", "guaranteed": True}),
    ("R4", "商家登记 张三蔬菜\n营业执照 9131 2030-01-01\n食品 JY2 2030-06-30",
     "vendor.registration_requested", {"name": "张三蔬菜", "guaranteed": False}),
    ("R4", "/groupbuy V3 until 18:00\nCabbage vegetables 3.5 min 10",
     "groupbuy.proposal_requested", {"vendor_ref": "V3"}),
    ("R4", "开团 V3 截止 18:00\n东北大米 粮油 45", "groupbuy.proposal_requested", {"vendor_ref": "V3"}),
    ("R5", "/approve V3", "decision.requested", {"target": "V3", "decision": "approve"}),
    ("R5", "批准 GB12", "decision.requested", {"target": "GB12", "decision": "approve"}),
    ("R5", "/reject GB12 not essential", "decision.requested", {"decision": "reject", "reason": "not essential"}),
    ("R5", "驳回 V3 执照过期", "decision.requested", {"target": "V3", "reason": "执照过期"}),
    ("R1", "/order GB12 2", "order.requested", {"groupbuy_ref": "GB12", "lines": [
        {"qty": 2, "item": None, "number": None, "building": None, "room": None}]}),
    ("R1", "接龙 GB12 3 大米", "order.requested", {"lines": [
        {"qty": 3, "item": "大米", "number": None, "building": None, "room": None}]}),
    ("R2", "/cancel GB12", "order.cancel_requested", {"groupbuy_ref": "GB12"}),
    ("R2", "取消 GB12", "order.cancel_requested", {"groupbuy_ref": "GB12"}),
    ("R4", "/close GB12", "groupbuy.close_requested", {"groupbuy_ref": "GB12"}),
    ("R4", "截团 GB12", "groupbuy.close_requested", {"groupbuy_ref": "GB12"}),
    ("R6", "/arrive GB12 5", "arrival.requested", {"kind": "groupbuy", "boxes": 5}),
    ("R6", "到货 快递 3-1201 顺丰", "arrival.requested",
     {"kind": "parcel", "building": "3", "room": "1201", "note": "顺丰"}),
    ("R7", "/disinfect A7 spray", "disinfection.requested", {"arrival_ref": "A7", "method": "spray"}),
    ("R7", "消杀 A7", "disinfection.requested", {"arrival_ref": "A7", "method": None}),
    ("R8", "/racked A7 B3", "rack.requested", {"item_ref": "A7", "slot": "B3"}),
    ("R7", "上架 P45", "rack.requested", {"item_ref": "P45"}),
    ("R2", "/picked P45", "pickup.requested", {"item_ref": "P45"}),
    ("R1", "已取 P45", "pickup.requested", {"item_ref": "P45"}),
    ("R5", "/announce all Testing at 7", "announcement.requested", {"audience": "all", "text": "Testing at 7"}),
    ("R5", "通报 3号楼 明早核酸", "announcement.requested", {"audience": "3", "text": "明早核酸"}),
    ("R3", "/status GB12", "status.requested", {"target": "GB12"}),
    ("R3", "查询", "status.requested", {"target": None}),
    ("R5", "/zone controlled", "zone.change_requested", {"level": "controlled"}),
    ("R5", "分级 防范区", "zone.change_requested", {"level": "precaution"}),
    ("R7", "/extend A7 2 rain", "hold.extension_requested", {"hours": 2.0, "reason": "rain"}),
    ("R7", "延长 A7 1.5小时 下雨", "hold.extension_requested", {"hours": 1.5, "reason": "下雨"}),
    ("R2", "/proxy R1", "proxy.requested", {"proxy_person_id": "R1"}),
    ("R1", "代取 R2", "proxy.requested", {"proxy_person_id": "R2"}),
    ("R5", "/bulletin add 0 new cases", "bulletin.addition_requested", {"text": "0 new cases"}),
    ("R5", "补充通报 今日新增0", "bulletin.addition_requested", {"text": "今日新增0"}),
    ("R2", "/med Ruijin, Amlodipine, 5mg x 30, 3 days, vulnerable", "medicine.requested",
     {"hospital": "Ruijin", "drug": "Amlodipine", "days_left": 3, "vulnerable": True, "urgency": 4}),
    ("R3", "配药 3-1201 瑞金医院，胰岛素，2盒，1天，紧急", "medicine.requested",
     {"building": "3", "room": "1201", "drug": "胰岛素", "urgency": 2}),
    ("R5", "/urgency MR2 1 oxygen at home", "medicine.urgency_change_requested",
     {"request_ref": "MR2", "urgency": 1, "reason": "oxygen at home"}),
    ("R5", "紧急度 MR2 3 还有存药", "medicine.urgency_change_requested", {"urgency": 3}),
    ("R8", "/run Ruijin 5", "medicine.run_requested", {"hospital": "Ruijin", "size": 5}),
    ("R8", "领药 瑞金医院", "medicine.run_requested", {"hospital": "瑞金医院", "size": None}),
    ("R8", "/bought MR2", "medicine.outcome_requested", {"request_ref": "MR2", "outcome": "bought"}),
    ("R8", "已购 MR2", "medicine.outcome_requested", {"outcome": "bought"}),
    ("R8", "/substitute MR2 Nifedipine, doctor agrees", "medicine.outcome_requested",
     {"outcome": "substitute", "substitute": "Nifedipine", "reason": "doctor agrees"}),
    ("R8", "替代 MR2 硝苯地平", "medicine.outcome_requested", {"outcome": "substitute", "substitute": "硝苯地平"}),
    ("R8", "/unavailable MR2 out of stock", "medicine.outcome_requested",
     {"outcome": "unavailable", "reason": "out of stock"}),
    ("R8", "缺药 MR2 缺货", "medicine.outcome_requested", {"outcome": "unavailable", "reason": "缺货"}),
    ("R2", "/yes MR2", "medicine.substitute_answer_requested", {"request_ref": "MR2", "accept": True}),
    ("R1", "同意替代 MR2", "medicine.substitute_answer_requested", {"accept": True}),
    ("R2", "/no MR2", "medicine.substitute_answer_requested", {"accept": False}),
    ("R1", "拒绝替代 MR2", "medicine.substitute_answer_requested", {"accept": False}),
    ("R8", "/handoff HR1", "medicine.handoff_requested", {"run_ref": "HR1"}),
    ("R8", "交药 HR1", "medicine.handoff_requested", {"run_ref": "HR1"}),
]
GROUP_COMMANDS = [
    ("R5", "/groupchat 3", "groupchat.registration_requested", {"audience": "3"}),
    ("R5", "群登记 全体", "groupchat.registration_requested", {"audience": "all"}),
]


async def bind_everyone(js, codes) -> None:
    for n, person in enumerate(sorted(codes)):
        word = "绑定" if n % 2 else "/bind"
        await say(js, f"{word} {codes[person].lower()}", f"u-{person}")

    async def all_bound():
        return len(await from_intake(js, "identity.bound")) == len(codes)

    await eventually(all_bound, what="every identity bound")


async def test_every_command_in_both_languages_becomes_its_intent(js, intake, codes):
    await bind_everyone(js, codes)
    sent = [(await say(js, text, f"u-{who}"), who, kind, fields) for who, text, kind, fields in COMMANDS]
    sent += [(await say(js, text, f"u-{who}", chat_id="group-3", chat_type="group"), who, kind, fields)
             for who, text, kind, fields in GROUP_COMMANDS]

    async def all_answered():
        events = await from_intake(js)
        return events if all(about(events, m) for m, *_ in sent) else None

    events = await eventually(all_answered, what="an event for every command")
    for message, who, kind, fields in sent:
        (event,) = about(events, message)
        assert event.type == kind, (message.text, event.data)
        for key, value in fields.items():
            assert event.data[key] == value, (message.text, key, event.data)
        if "actor" in event.data:
            assert event.data["actor"]["person_id"] == who
            assert event.data["chat"]["platform"] == "signal-test"


async def test_an_order_carries_the_household_and_a_deadline_is_in_compound_time(js, intake, codes):
    await bind_everyone(js, codes)
    order = await say(js, "接龙 GB12 2", "u-R1")
    proposal = await say(js, "/groupbuy V3 until 18:00\nCabbage vegetables 3.5", "u-R4")

    async def both():
        events = await from_intake(js)
        return events if about(events, order) and about(events, proposal) else None

    events = await eventually(both, what="order and proposal")
    actor = about(events, order)[0].data["actor"]
    assert (actor["building"], actor["room"], actor["role"], actor["language"]) == ("3", "1201", "resident", "zh")
    deadline = datetime.fromisoformat(about(events, proposal)[0].data["deadline"])
    assert deadline.utcoffset().total_seconds() == 8 * 3600 and (deadline.hour, deadline.minute) == (18, 0)
