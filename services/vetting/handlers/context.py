"""What every handler needs besides the transaction: the rules from settings, and how to
address the answer to whoever asked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from shared.contracts.intake import Intent
from shared.contracts.vetting import RequestRefused
from shared.runtime.tx import Tx

from ..domain.essentials import Category
from ..domain.refusals import Refusal
from ..settings import VettingSettings


@dataclass(frozen=True)
class Rules:
    categories: Mapping[str, Category]
    tz: ZoneInfo
    auto_approve_vendors: bool
    auto_approve_groupbuys: bool
    max_qty: int
    non_essential_words: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: VettingSettings) -> "Rules":
        categories = {key: Category(key, names.zh, names.en, names.food)
                      for key, names in settings.essential_categories.items()}
        return cls(categories=categories, tz=settings.tz,
                   auto_approve_vendors=settings.auto_approve_guaranteed_vendors,
                   auto_approve_groupbuys=settings.auto_approve_guaranteed_groupbuys,
                   max_qty=settings.max_qty_per_line,
                   non_essential_words=tuple(settings.non_essential_words))


def answer(intent: Intent) -> dict[str, Any]:
    """The Outcome fields that thread a reply to the intent's chat message, in the asker's language."""
    return {"person_id": intent.actor.person_id, "chat": intent.chat, "language": intent.actor.language}


def refusal(problem: Refusal) -> dict[str, Any]:
    return {"reason": problem.reason, "params": problem.params}


def refuse_request(tx: Tx, intent: Intent, request: str, target: str | None, problem: Refusal) -> None:
    tx.emit(RequestRefused(**answer(intent), request=request, target=target, **refusal(problem)))
