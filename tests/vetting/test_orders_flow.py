"""Orders over a real NATS: one line per household and item, edits, copies, cancels, and
800 households at once giving exact tallies and a sheet that adds up."""

from __future__ import annotations

import asyncio
import random

from shared.contracts.envelope import Envelope
from tests.support.services import publish_event
from tests.support.waiting import eventually
from tests.vetting.helpers import (answer_to, cancel, close, emitted, household, intents_handled, item, vetting_events,
                                   open_buy, order, order_v1, send, status, LEADER, vetting, vetting_settings)

TWO_ITEMS = [item("rice", min_qty=2), item("oil", "grain_oil", "80")]


async def test_a_second_order_or_an_edit_changes_the_line_and_a_copy_changes_nothing(js, settings_for):
    async with vetting(js, vetting_settings(settings_for)):
        groupbuy_id = await open_buy(js, TWO_ITEMS)
        home = household("1", "101")
        first = order(home, groupbuy_id, 2, "rice", message_id="a")
        await send(js, first, order(home, groupbuy_id, 2, "rice", message_id="a"))  # intake sent it twice
        second = order(home, groupbuy_id, 5, "rice", message_id="b")
        edit = order(home, groupbuy_id, 1, "rice", message_id="b", revision=1)
        stale = order(home, groupbuy_id, 9, "rice", message_id="b", revision=0)
        await send(js, second, edit, stale)
        moved = order(home, groupbuy_id, 3, "oil", message_id="b", revision=2)  # the edit names oil instead
        await send(js, moved)
        withdrawn = await answer_to(js, moved, "order.cancelled")
        asked = status(groupbuy_id, home)
        await send(js, asked)
        details = (await answer_to(js, asked, "status.reported"))["details"]
        accepted = [(e.data["item"], e.data["qty"]) for e in await vetting_events(js, "order.accepted")]
    assert accepted == [("rice", 2), ("rice", 5), ("rice", 1), ("oil", 3)]
    assert (withdrawn["items"], withdrawn["reason"]) == (["rice"], "by_household")
    assert {k: v for k, v in details.items() if k.startswith("line.")} == {"line.1/101.oil": "3"}
    assert details["item.rice.ordered"] == "0" and details["item.rice.remaining_to_min"] == "2"


async def test_each_order_rule_refuses_with_its_reason(js, settings_for):
    async with vetting(js, vetting_settings(settings_for, max_qty_per_line=20)):
        groupbuy_id = await open_buy(js, TWO_ITEMS)
        home = household("1", "101")
        cases = [
            (order(home, groupbuy_id, 1), "item_required", {"items": "1号 rice、2号 oil", "items_en": "1. rice, 2. oil"}),
            (order(home, groupbuy_id, 1, "milk"), "unknown_item", {"item": "milk", "items": "1号 rice、2号 oil",
                                                                   "items_en": "1. rice, 2. oil"}),
            (order(home, "GB99", 1), "unknown_groupbuy", {"groupbuy": "GB99"}),
            (order(home, groupbuy_id, 21, "rice"), "qty_too_large", {"qty": "21", "max": "20"}),
            (order(LEADER, groupbuy_id, 1, "rice"), "no_household", {}),
            (order(home, groupbuy_id, 0, "oil"), "nothing_ordered", {"item": "oil"}),
            (cancel(household("1", "102"), groupbuy_id), "nothing_ordered", {"groupbuy": groupbuy_id}),
        ]
        await send(js, *(request for request, _, _ in cases))
        for request, reason, params in cases:
            refused = await answer_to(js, request, "order.refused")
            assert (refused["reason"], refused["params"]) == (reason, params)


async def test_cancel_withdraws_every_line_and_zero_withdraws_one(js, settings_for):
    async with vetting(js, vetting_settings(settings_for)):
        groupbuy_id = await open_buy(js, TWO_ITEMS)
        home, neighbour = household("1", "101"), household("1", "102")
        await send(js, order(home, groupbuy_id, 2, "rice"), order(home, groupbuy_id, 1, "oil"),
                   order(neighbour, groupbuy_id, 4, "rice"), order(neighbour, groupbuy_id, 1, "oil"))
        await emitted(js, "order.accepted", 4)
        everything, only_oil = cancel(home, groupbuy_id), order(neighbour, groupbuy_id, 0, "oil")
        await send(js, everything, only_oil)
        assert sorted((await answer_to(js, everything, "order.cancelled"))["items"]) == ["oil", "rice"]
        assert (await answer_to(js, only_oil, "order.cancelled"))["items"] == ["oil"]
        await send(js, close(groupbuy_id))
        sheet = (await emitted(js, "sheet.issued"))[0].data
    assert sheet["lines"] == [{"building": "1", "room": "102", "item": "rice", "qty": 4}]


async def test_800_households_at_once_give_exact_tallies_and_a_sheet_that_adds_up(js, settings_for):
    rng = random.Random(2022)
    homes = [household(str(b), f"{f}0{r}") for b in range(1, 21) for f in range(1, 11) for r in range(1, 5)]
    assert len(homes) == 800
    async with vetting(js, vetting_settings(settings_for)):
        groupbuy_id = await open_buy(js, [item("rice", min_qty=100), item("oil", "grain_oil", "80"),
                                          item("eggs", "meat_eggs", "30", min_qty=10_000)])
        want: dict[tuple[str, str, str], int] = {}
        first_wave, second_wave = [], []
        for n, home in enumerate(homes):
            key = (home.building, home.room, "rice")
            first = order(home, groupbuy_id, rng.randint(1, 5), "rice", message_id=f"o{n}")
            first_wave.append(first)
            want[key] = first.lines[0].qty
            if n % 7 == 0:  # a copy intake let through
                first_wave.append(first)
            if n % 5 == 0:  # an edit of the same message, maybe before the original arrives
                edit = order(home, groupbuy_id, rng.randint(1, 5), "rice", message_id=f"o{n}", revision=1)
                first_wave.append(edit)
                want[key] = edit.lines[0].qty
            if n % 3 == 0:
                eggs = order(home, groupbuy_id, 1, "eggs", message_id=f"e{n}")
                first_wave.append(eggs)
            if n % 4 == 0:  # a second order for the same item: replaces, never adds
                again = order(home, groupbuy_id, rng.randint(1, 5), "rice", message_id=f"r{n}")
                second_wave.append(again)
                want[key] = again.lines[0].qty
            if n % 11 == 0:
                oil = order(home, groupbuy_id, 2, "oil", message_id=f"l{n}")
                second_wave.append(oil)
                want[(home.building, home.room, "oil")] = 2
        rng.shuffle(first_wave)
        published = 0
        for wave in (first_wave, second_wave):
            await asyncio.gather(*(publish_event(js, request) for request in wave))
            published += len(wave)
            await eventually(lambda: intents_handled(js, published + 2), what="every order handled")
        asked = status(groupbuy_id, LEADER)
        await send(js, asked, close(groupbuy_id))
        live = (await answer_to(js, asked, "status.reported"))["details"]
        sheet = (await emitted(js, "sheet.issued"))[0].data
        published_events = await vetting_events(js)
    rice = sum(q for (_, _, name), q in want.items() if name == "rice")
    oil = sum(q for (_, _, name), q in want.items() if name == "oil")
    assert live["item.rice.ordered"] == str(rice) and live["item.oil.ordered"] == str(oil)
    assert live["item.eggs.ordered"] == str(len(range(0, 800, 3)))
    assert {(x["building"], x["room"], x["item"]): x["qty"] for x in sheet["lines"]} == want
    assert {t["item"]: t["qty"] for t in sheet["totals"]} == {"rice": rice, "oil": oil}
    assert _accepted_minus_cancelled(published_events) == want


def _accepted_minus_cancelled(events: list[Envelope]) -> dict[tuple[str, str, str], int]:
    """Replay vetting's own events: the last accepted quantity of each line, less what was withdrawn."""
    lines: dict[tuple[str, str, str], int] = {}
    for event in events:
        data = event.data
        if event.type == "order.accepted":
            lines[(data["building"], data["room"], data["item"])] = data["qty"]
        elif event.type == "order.cancelled":
            for name in data["items"]:
                lines.pop((data["building"], data["room"], name), None)
    return lines


async def test_orders_and_group_buys_by_state_are_metrics(js, settings_for):
    async with vetting(js, vetting_settings(settings_for)) as runtime:
        groupbuy_id = await open_buy(js, TWO_ITEMS)
        lines = [order(household("1", "101"), groupbuy_id, 2, "rice"), order(household("1", "101"), groupbuy_id, 1, "oil"),
                 order(household("2", "202"), groupbuy_id, 3, "rice")]
        await send(js, *lines)
        await answer_to(js, lines[-1], "order.accepted")
        value = runtime.metrics.registry.get_sample_value

        async def two_households():
            return value("lastmile_vetting_orders") == 2

        await eventually(two_households, what="two households' orders in the metrics")
        assert value("lastmile_vetting_groupbuys", {"state": "open"}) == 1
        assert value("lastmile_vetting_groupbuys", {"state": "proposed"}) == 0
        assert value("lastmile_vetting_vendors", {"state": "approved"}) == 1


async def test_an_edit_whose_revision_is_a_timestamp_in_ms_is_applied(js, settings_for):
    """The Matrix adapter numbers an edit by its time in ms (~1.7e12, past 32 bits)."""
    async with vetting(js, vetting_settings(settings_for)):
        groupbuy_id = await open_buy(js, TWO_ITEMS)
        home = household("1", "101")
        first = order(home, groupbuy_id, 2, "rice", message_id="$matrix-event")
        edit = order(home, groupbuy_id, 4, "rice", message_id="$matrix-event", revision=1_765_152_000_123)
        await send(js, first, edit)
        accepted = await answer_to(js, edit, "order.accepted")
    assert accepted["qty"] == 4


async def test_an_order_in_its_first_form_still_on_the_streams_is_read(js, settings_for):
    async with vetting(js, vetting_settings(settings_for)):
        groupbuy_id = await open_buy(js, TWO_ITEMS)
        old = order_v1(household("1", "101"), groupbuy_id, 2, "oil")
        await send(js, old)
        accepted = await answer_to(js, old, "order.accepted")
    assert (accepted["item"], accepted["qty"], accepted["previous_qty"]) == ("oil", 2, 0)
