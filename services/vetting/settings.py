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


class VettingSettings(ServiceSettings):
    """`LASTMILE_ESSENTIAL_CATEGORIES` is JSON: {"key": {"zh": …, "en": …, "food": true}}."""

    essential_categories: dict[str, CategoryNames] = Field(default_factory=lambda: dict(DEFAULT_CATEGORIES))
    # 市级保供企业 with complete, valid licences (business and food) need no committee vote.
    auto_approve_guaranteed_vendors: bool = True
    # A proposal from an approved guaranteed-supply vendor opens without waiting for the committee.
    auto_approve_guaranteed_groupbuys: bool = True
    max_qty_per_line: int = Field(99, ge=1)


def load() -> VettingSettings:
    return load_settings(VettingSettings)
