"""The committee's decisions, on a vendor (V3) or a group buy (GB12)."""

from __future__ import annotations

from shared.contracts.intake import DecisionRequested
from shared.runtime.tx import Tx

from ..domain.ids import GROUPBUY, VENDOR, kind_of, normalise
from ..domain.refusals import refuse
from ..domain.vendors import COMMITTEE
from . import groupbuys, vendors
from .context import Rules, refuse_request


def on_decision(rules: Rules, tx: Tx, intent: DecisionRequested, _envelope=None) -> None:
    """Only the committee decides; the target's kind picks who handles it."""
    target = normalise(intent.target)
    if intent.actor.role != COMMITTEE:
        refuse_request(tx, intent, "decision.requested", target, refuse("not_allowed", role=intent.actor.role))
    elif kind_of(target) == VENDOR:
        vendors.decide(rules, tx, intent, target)
    elif kind_of(target) == GROUPBUY:
        groupbuys.decide(rules, tx, intent, target)
    else:
        refuse_request(tx, intent, "decision.requested", target, refuse("unknown_target", target=intent.target))
