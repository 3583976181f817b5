"""Essentials only (非必要不团): every item of a group buy must be in an essential category,
and food needs a vendor with a valid food-business licence."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence

from .refusals import Refusal, refuse


@dataclass(frozen=True)
class Category:
    key: str
    zh: str
    en: str
    food: bool


@dataclass(frozen=True)
class ItemFacts:
    name: str
    category: str
    price: Decimal
    min_qty: int | None = None


def items_problem(items: Sequence[ItemFacts], categories: Mapping[str, Category], *,
                  sells_food: bool) -> Refusal | None:
    """The first reason these items cannot be offered, naming the item."""
    if not items:
        return refuse("no_items")
    seen: set[str] = set()
    for item in items:
        key = item.name.strip().casefold()
        if not key:
            return refuse("item_name_missing")
        if key in seen:
            return refuse("duplicate_item", item=item.name)
        seen.add(key)
        category = categories.get(item.category)
        if category is None:
            return refuse("non_essential", item=item.name, category=item.category)
        if category.food and not sells_food:
            return refuse("food_licence_missing", item=item.name, category=item.category)
        if item.price <= 0:
            return refuse("bad_price", item=item.name, price=item.price)
        if item.min_qty is not None and item.min_qty < 1:
            return refuse("bad_min_qty", item=item.name, min_qty=item.min_qty)
    return None
