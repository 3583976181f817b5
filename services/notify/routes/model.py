"""The shape of notify's routing table: for each event, what to say to whom, and what it
adds to the bulletin's figures.

    OrderAccepted: Route(say("vetting/order.accepted", reply), counts=count("orders")),

A new service's events are one entry per event here and one template per language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from sqlalchemy import Connection

from shared.contracts.intake import ChatRef

Payload = Any


@dataclass(frozen=True)
class Target:
    """Who a notice is for: `reply` (the chat message asked), `person`, `household`
    (building, room), `role` (a role, optionally within one building), or `groups` ('all'
    or a building's group chats). `facts` are template parameters for this target only
    (a building admin's own hand-out list)."""

    kind: str
    chat: ChatRef | None = None
    value: tuple[str, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def label(self) -> str:
        return f"{self.kind}:{'/'.join(self.value)}" if self.value else self.kind


Audience = Callable[[Payload], "Target | list[Target] | None"]  # a list: one notice each


def from_store(audience):
    """Mark an audience that needs notify's store to know whom to tell: it is called as
    `audience(conn, payload)` (who filed a medicine request)."""
    audience.reads_store = True
    return audience


@dataclass(frozen=True)
class Say:
    template: str
    to: Audience
    when: Callable[[Payload], bool] | None = None


Tally = Callable[[Connection, Payload], dict[str, int]]


@dataclass(frozen=True)
class Route:
    """`tally` counts what needs notify's own memory (the first of several events that
    complete one thing); `counts` whatever one event says by itself."""

    says: tuple[Say, ...]
    counts: Callable[[Payload], dict[str, int]] = field(default=lambda _p: {})
    extra: Callable[[Payload], dict[str, Any]] = field(default=lambda _p: {})
    tally: Tally | None = None
    lasts: Callable[[Payload], str | None] | None = None
    ends: Callable[[Payload], list[str]] | None = None
    lookup: Lookup | None = None


# Template facts only notify's store knows (how many of a request's notices reached nobody).
Lookup = Callable[[Connection, Payload, str], dict[str, Any]]


def route(*says: Say, counts=None, extra=None, tally: Tally | None = None, lasts=None, ends=None,
          lookup: Lookup | None = None) -> Route:
    """`lasts(payload)`: a key naming what this event's notices are about, so one that
    reached nobody waits for its person only while that lasts; `ends(payload)`: the keys of
    notices this event makes stale (the parcel was picked up). No `lasts`: a waiting notice
    is worth sending for `LASTMILE_NOTIFY_WAITING_HOURS`."""
    return Route(says=says, counts=counts or (lambda _p: {}), extra=extra or (lambda _p: {}), tally=tally,
                 lasts=lasts, ends=ends, lookup=lookup)


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
