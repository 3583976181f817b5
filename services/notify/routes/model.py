"""The shape of notify's routing table: for each event, what to say to whom, and what it
adds to the bulletin's figures.

    OrderAccepted: Route(say("vetting/order.accepted", reply), counts=count("orders")),

A new service's events are one entry per event here and one template per language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from shared.contracts.intake import ChatRef

Payload = Any


@dataclass(frozen=True)
class Target:
    """Who a notice is for: `reply` (the chat message asked), `person`, `household`
    (building, room), `role`, or `groups` ('all' or a building's group chats)."""

    kind: str
    chat: ChatRef | None = None
    value: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.kind}:{'/'.join(self.value)}" if self.value else self.kind


Audience = Callable[[Payload], "Target | None"]


@dataclass(frozen=True)
class Say:
    template: str
    to: Audience
    when: Callable[[Payload], bool] | None = None


@dataclass(frozen=True)
class Route:
    says: tuple[Say, ...]
    counts: Callable[[Payload], dict[str, int]] = field(default=lambda _p: {})
    extra: Callable[[Payload], dict[str, Any]] = field(default=lambda _p: {})


def route(*says: Say, counts=None, extra=None) -> Route:
    return Route(says=says, counts=counts or (lambda _p: {}), extra=extra or (lambda _p: {}))


def say(template: str, to: Audience, when: Callable[[Payload], bool] | None = None) -> Say:
    return Say(template, to, when)


def count(*names: str, when: Callable[[Payload], bool] | None = None, delta: int = 1):
    def counts(payload: Payload) -> dict[str, int]:
        return {name: delta for name in names} if when is None or when(payload) else {}
    return counts


def counts_all(*parts):
    def counts(payload: Payload) -> dict[str, int]:
        found: dict[str, int] = {}
        for part in parts:
            for name, delta in part(payload).items():
                found[name] = found.get(name, 0) + delta
        return found
    return counts
