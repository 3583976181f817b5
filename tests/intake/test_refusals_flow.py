"""Refusals, duplicates and edits over a real NATS: what a person gets when it goes wrong,
and one effect per message however often it arrives."""

from __future__ import annotations

from tests.support.waiting import eventually

from .support import about, chat_in, from_intake, publish, say


async def bind(js, codes, *people) -> None:
    for person in people:
        await say(js, f"/bind {codes[person]}", f"u-{person}")

    async def bound():
        return len(await from_intake(js, "identity.bound")) >= len(people)

    await eventually(bound, what="bound")


async def answer_to(js, message, count: int = 1):
    async def found():
        events = about(await from_intake(js), message)
        return events if len(events) >= count else None

    return await eventually(found, what=f"answer to {message.text!r}")


async def after_all(js, sender: str):
    """A last message, waited for: everything sent before it has been handled."""
    marker = await say(js, "/status", sender)
    await answer_to(js, marker)


async def test_wrong_role_names_the_role_needed(js, intake, codes):
    await bind(js, codes, "R1", "R2")
    (zh,) = await answer_to(js, await say(js, "批准 V3", "u-R1"))
    (en,) = await answer_to(js, await say(js, "/groupbuy V3 until 18:00\nrice grain 5", "u-R2"))
    assert zh.type == en.type == "message.rejected"
    assert zh.data["reason"] == "wrong_role" and zh.data["language"] == "zh"
    assert zh.data["params"] == {"command": "approve", "needed": "committee", "role": "resident"}
    assert en.data["params"]["needed"] == "group_leader" and en.data["language"] == "en"
    assert en.data["person_id"] == "R2"


async def test_unknown_command_hints_help_in_the_persons_language(js, intake, codes):
    await bind(js, codes, "R1", "R2")
    (zh,) = await answer_to(js, await say(js, "/frobnicate", "u-R1"))
    (en,) = await answer_to(js, await say(js, "what is going on", "u-R2"))  # direct chat: answered
    assert zh.data["reason"] == "unknown_command" and zh.data["params"] == {"word": "/frobnicate", "hint": "帮助"}
    assert en.data["reason"] == "unknown_command" and en.data["params"] == {"hint": "/help"}


async def test_chatter_in_a_group_is_left_alone(js, intake, codes):
    await bind(js, codes, "R1")
    chatter = await say(js, "查询一下快递到了吗", "u-R1", chat_id="group-3", chat_type="group")
    await after_all(js, "u-R1")
    assert about(await from_intake(js), chatter) == []


async def test_strangers_are_told_to_bind_and_codes_work_once(js, intake, codes):
    (stranger,) = await answer_to(js, await say(js, "/order GB12 1", "nobody"))
    assert stranger.data["reason"] == "not_bound" and stranger.data["language"] == "en"
    assert stranger.data["params"]["hint"] == "/bind"
    (bad,) = await answer_to(js, await say(js, "绑定 AAAA-BBBB-CCCC", "nobody"))
    assert bad.data["reason"] == "bad_code" and bad.data["language"] == "zh"
    (first,) = await answer_to(js, await say(js, f"/bind {codes['R1']}", "phone-1"))
    (other_platform,) = await answer_to(js, await say(js, f"/bind {codes['R1']}", "laptop-1", platform="other-test"))
    (again,) = await answer_to(js, await say(js, f"/bind {codes['R1']}", "phone-1"))
    assert first.type == again.type == "identity.bound"
    assert first.data["direct_chat_id"] == "dm-phone-1" and first.data["language"] == "zh"
    assert other_platform.data["reason"] == "code_used"


async def test_bad_arguments_carry_the_usage(js, intake, codes):
    await bind(js, codes, "R1")
    (event,) = await answer_to(js, await say(js, "接龙 GB12 -2份", "u-R1"))
    assert event.data["reason"] == "bad_arguments"
    assert event.data["params"] == {"command": "order", "problem": "bad_quantity", "detail": "-2份",
                                    "usage": "接龙 [GB12] 品名 2份（或 2号 3份、+1、3-502 品名2）"}


async def test_a_message_delivered_twice_has_one_effect(js, intake, codes):
    await bind(js, codes, "R1")
    message = chat_in("/order GB12 2", "u-R1")
    await publish(js, message)
    await publish(js, message)  # dropped by JetStream (same Nats-Msg-Id)
    await js.publish("chat.in.signal-test", message.model_dump_json().encode(),
                     headers={"Nats-Msg-Id": "adapter-retried-without-the-key"})  # slips past it
    await after_all(js, "u-R1")
    assert len(about(await from_intake(js), message)) == 1


async def test_an_edit_replaces_the_order_and_a_late_older_revision_does_not_win(js, intake, codes):
    await bind(js, codes, "R1")
    first = await say(js, "/order GB12 2", "u-R1", message_id="edited")
    await answer_to(js, first)
    edit = await say(js, "/order GB12 5 rice", "u-R1", message_id="edited", revision=2)
    orders = await answer_to(js, edit, count=2)
    late = chat_in("/order GB12 9", "u-R1", message_id="edited", revision=1)
    await publish(js, late)
    await after_all(js, "u-R1")
    orders = about(await from_intake(js), first)
    assert [(o.type, o.data["lines"][0]["qty"], o.data["chat"]["revision"]) for o in orders] == [
        ("order.requested", 2, 0), ("order.requested", 5, 2)]
    keys = {(o.data["chat"]["platform"], o.data["chat"]["chat_id"], o.data["chat"]["message_id"]) for o in orders}
    assert len(keys) == 1


async def test_an_edit_of_another_command_is_refused_and_a_fixed_typo_counts(js, intake, codes):
    await bind(js, codes, "R1")
    typo = await say(js, "/order GB12 x", "u-R1", message_id="typo")
    await answer_to(js, typo)
    fixed = await say(js, "/order GB12 2", "u-R1", message_id="typo", revision=1)
    events = await answer_to(js, fixed, count=2)
    assert [e.type for e in events] == ["message.rejected", "order.requested"]
    proxy = await say(js, "/proxy R2", "u-R1", message_id="proxy")
    await answer_to(js, proxy)
    changed = await say(js, "/proxy R3", "u-R1", message_id="proxy", revision=1)
    events = await answer_to(js, changed, count=2)
    assert events[1].data["reason"] == "edit_not_supported"
