"""vetting's settings: the essential categories (configuration, not code) and the policies.

Which categories are food decides whether a vendor needs a food-business licence for them:
everything eaten or drunk is food (baby covers formula and baby food); medicine and health
products and hygiene and disinfection goods are not.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from shared.runtime.settings import ServiceSettings, load_settings


class CategoryNames(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str
    food: bool


DEFAULT_CATEGORIES: dict[str, CategoryNames] = {
    "staples": CategoryNames(zh="主食", en="Staples", food=True),
    "grain_oil": CategoryNames(zh="粮油", en="Grain and oil", food=True),
    "vegetables": CategoryNames(zh="蔬菜", en="Vegetables", food=True),
    "meat_eggs": CategoryNames(zh="肉蛋", en="Meat and eggs", food=True),
    "dairy": CategoryNames(zh="乳制品", en="Dairy", food=True),
    "bread": CategoryNames(zh="面包", en="Bread", food=True),
    "medicine_health": CategoryNames(zh="药品保健", en="Medicine and health", food=False),
    "baby": CategoryNames(zh="母婴用品", en="Baby", food=True),
    "hygiene_disinfection": CategoryNames(zh="卫生消毒", en="Hygiene and disinfection", food=False),
}


# (not 酒 alone: 酒精 disinfects, 料酒 cooks)
NON_ESSENTIAL_WORDS = ("奶茶", "咖啡", "可乐", "汽水", "饮料", "啤酒", "白酒", "红酒", "零食", "薯片", "糖果",
                       "巧克力", "蛋糕", "冰淇淋", "雪糕", "香烟", "milk tea", "bubble tea", "coffee", "cola",
                       "beer", "snack", "candy", "chocolate", "ice cream", "cigarette")


class VettingSettings(ServiceSettings):
    """`LASTMILE_ESSENTIAL_CATEGORIES` is JSON: {"key": {"zh": …, "en": …, "food": true}}."""

    essential_categories: dict[str, CategoryNames] = Field(default_factory=lambda: dict(DEFAULT_CATEGORIES))
    # 市级保供企业 with complete, valid licences (business and food) need no committee vote.
    auto_approve_guaranteed_vendors: bool = True
    # A proposal from an approved guaranteed-supply vendor opens without waiting for the committee.
    auto_approve_guaranteed_groupbuys: bool = True
    max_qty_per_line: int = Field(99, ge=1)
    # Words in an item's name that make it non-essential whatever category the leader typed
    # (a category is the leader's word; `珍珠奶茶 dairy` is still milk tea).
    non_essential_words: list[str] = Field(default_factory=lambda: list(NON_ESSENTIAL_WORDS))


def load() -> VettingSettings:
    return load_settings(VettingSettings)
