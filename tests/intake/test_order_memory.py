"""intake's memory of orders in chats, on its real store without NATS: an unreadable order
is answered once per person per window (and again after it), someone not bound is answered
too, and a copied list's lines count once per chat, forgotten after two weeks."""

from __future__ import annotations

GROUP = {"chat_id": "group-3", "chat_type": "group"}


def rejections(events) -> list[str]:
    return [e.data["reason"] for e in events if e.type == "message.rejected"]


def orders(events) -> list[list[tuple]]:
    return [[(l["room"], l["item"], l["qty"]) for l in e.data["lines"]] for e in events if e.type == "order.requested"]


def test_an_unreadable_order_in_a_group_is_answered_once_per_window(make_harness):
    harness, codes = make_harness(order_hint_minutes=10)
    harness.say(f"/bind {codes['R1']}", "wang")
    assert rejections(harness.say("3-1201 要青菜", "wang", **GROUP)) == ["order_unreadable"]
    assert harness.say("3-1201 青菜多来点", "wang", **GROUP) == []
    assert rejections(harness.say("3-1201 要青菜", "li-unbound", **GROUP)) == ["not_bound"]  # another identity
    harness.clock.advance(minutes=10)
    assert rejections(harness.say("+青菜", "wang", **GROUP)) == ["order_unreadable"]
    assert rejections(harness.say("3-1201 要青菜", "wang")) == ["order_unreadable"]  # direct: always answered


def test_chatter_and_orders_from_people_who_may_not_order_stay_quiet_in_a_group(make_harness):
    harness, codes = make_harness()
    harness.say(f"/bind {codes['R5']}", "committee")  # Committee Liu: no home
    assert harness.say("+1", "committee", **GROUP) == []
    assert harness.say("今天青菜真新鲜", "committee", **GROUP) == []


def test_a_copied_list_orders_each_line_once_per_chat_and_forgets_after_two_weeks(make_harness):
    harness, codes = make_harness()
    harness.say(f"/bind {codes['R1']}", "wang")
    listed = "#接龙 GB1\n1. 3-1202 青菜2\n2. 3-1201 青菜3"
    assert orders(harness.say(listed, "wang", **GROUP)) == [[("1202", "青菜", 2), ("1201", "青菜", 3)]]
    assert orders(harness.say(listed + "\n3. 3-1201 鸡蛋1", "wang", **GROUP)) == [[("1201", "鸡蛋", 1)]]
    assert harness.say(listed, "wang", **GROUP) == []  # nothing new: quiet
    assert orders(harness.say(listed, "wang", chat_id="group-other", chat_type="group")) != []  # another chat
    harness.clock.advance(days=15)
    assert orders(harness.say(listed, "wang", **GROUP)) == [[("1202", "青菜", 2), ("1201", "青菜", 3)]]
