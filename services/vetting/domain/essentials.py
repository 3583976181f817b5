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
    name_en: str | None = None


def category_key(typed: str, categories: Mapping[str, Category]) -> str:
    """The category a leader meant, by its key or its Chinese or English name (`蔬菜`,
    `Vegetables`, `vegetables`); what was typed when it is none of them."""
    wanted = typed.strip().casefold()
    for category in categories.values():
        if wanted in (category.key.casefold(), category.zh.casefold(), category.en.casefold()):
            return category.key
    return typed


def named_non_essential(item: ItemFacts, words: Sequence[str]) -> bool:
    """A name that says what it is, whatever category was typed: 珍珠奶茶 is no dairy."""
    names = f"{item.name} {item.name_en or ''}".casefold()
    return any(word.casefold() in names for word in words)


def items_problem(items: Sequence[ItemFacts], categories: Mapping[str, Category], *,
                  sells_food: bool, non_essential_words: Sequence[str] = ()) -> Refusal | None:
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
        if category is None or named_non_essential(item, non_essential_words):
            return refuse("non_essential", item=item.name, category=item.category)
        if category.food and not sells_food:
            return refuse("food_licence_missing", item=item.name, category=item.category)
        if item.price <= 0:
            return refuse("bad_price", item=item.name, price=item.price)
        if item.min_qty is not None and item.min_qty < 1:
            return refuse("bad_min_qty", item=item.name, min_qty=item.min_qty)
    return None
