"""Which item of which open buy an order line means, as people write it: by its number in the
buy's list (`2号`), by its name or a unique part of it (`鸡蛋` finds `土鸡蛋(30枚)`), in
Chinese or by its English name, or not at all (the buy's only item). When the buy is not
named, every open buy's items are looked at. More than one candidate is a question that
names them, never a guess.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Sequence

from .refusals import Refusal, refuse


@dataclass(frozen=True)
class Offer:
    """An item as an order may name it: its buy, its place in the buy's list (from 1), names."""

    groupbuy_id: str
    number: int
    name: str
    name_en: str | None = None
    min_qty: int | None = None


def fold(text: str) -> str:
    """What two spellings of one name share: half-width forms, one case, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _listed(offers: Sequence[Offer]) -> dict[str, str]:
    """The candidates as a reply names them, in Chinese (`2号 土鸡蛋`) and English (`2. eggs`)."""
    several = len({o.groupbuy_id for o in offers}) > 1
    buy = (lambda o: f"{o.groupbuy_id} ") if several else (lambda o: "")
    return {"items": "、".join(f"{buy(o)}{o.number}号 {o.name}" for o in offers),
            "items_en": ", ".join(f"{buy(o)}{o.number}. {o.name_en or o.name}" for o in offers)}


def _names(offer: Offer) -> list[str]:
    return [fold(n) for n in (offer.name, offer.name_en) if n]


def resolve(offers: Sequence[Offer], *, item: str | None, number: int | None) -> Offer | Refusal:
    """The one offer a line means, or why it is not clear (naming the candidates)."""
    buys = list(dict.fromkeys(o.groupbuy_id for o in offers))
    if not offers:
        return refuse("no_open_groupbuy")
    if number is not None:
        if len(buys) > 1:
            return refuse("which_groupbuy", groupbuys="、".join(buys))
        found = [o for o in offers if o.number == number]
        return found[0] if found else refuse("unknown_item", item=f"{number}号", number=number, **_listed(offers))
    if not item:
        if len(offers) == 1:
            return offers[0]
        if len(buys) > 1:
            return refuse("which_groupbuy", groupbuys="、".join(buys))
        return refuse("item_required", **_listed(offers))
    wanted = fold(item)
    exact = [o for o in offers if wanted in _names(o)]
    found = exact or [o for o in offers if any(wanted in name for name in _names(o))]
    if len(found) == 1:
        return found[0]
    if found:
        return refuse("ambiguous_item", item=item, **_listed(found))
    return refuse("unknown_item", item=item, **_listed(offers))
