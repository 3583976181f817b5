"""Scenes every platform's end-to-end test plays the same way, whatever the compound's
platform: anything with `ask(key, text, chat=None, *, count=1)` that returns the bot's reply."""

from __future__ import annotations

import re

VENDOR = "商家登记 鲜丰农场\n营业执照 BL-1 2030-12-31\n食品 FL-1 2030-12-31\n保供"


async def open_vegetable_buy(world) -> str:
    """A guaranteed vendor (the committee registers it: approved at once) and its open group
    buy, proposed by the leader: the buy's id."""
    vendor = await world.ask("committee", VENDOR, count=2)
    assert "可以开团" in vendor, vendor
    vendor_id = re.findall(r"V\d+", vendor)[0]
    opened = await world.ask("leader", f"/groupbuy {vendor_id} until 23:59\nvegetable box vegetables 25")
    assert re.findall(r"\bGB\d+\b", opened), (vendor, opened)
    return re.findall(r"\bGB\d+\b", opened)[0]
