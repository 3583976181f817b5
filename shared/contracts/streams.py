"""Every JetStream stream, defined once. Each has one owner: the service that creates and
updates it at start-up. Others only bind to it (and wait for it to exist)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from . import subjects

SERVICES = ("intake", "vetting", "holding", "delivery", "notify", "medicine")


@dataclass(frozen=True)
class StreamSpec:
    name: str
    subjects: tuple[str, ...]
    owner: str
    # Must cover the outbox relay's worst lag (publish → mark sent). Consumers' inboxes
    # catch what slips past it, so this is the first line, not the only one.
    duplicate_window: timedelta = timedelta(hours=2)
    max_age: timedelta = timedelta(days=30)


def events_stream(service: str) -> StreamSpec:
    return StreamSpec(
        name=f"LM_{service.upper()}",
        subjects=(subjects.service_events(service),),
        owner=service,
    )


def dead_letter_stream(service: str) -> StreamSpec:
    # Dead letters wait for an operator: kept far longer than events.
    return StreamSpec(
        name=f"LM_DLQ_{service.upper()}",
        subjects=(subjects.dead_letter_subject(service),),
        owner=service,
        max_age=timedelta(days=365),
    )


CHAT_IN = StreamSpec("CHAT_IN", (subjects.chat_in(),), owner="intake")
CHAT_OUT = StreamSpec("CHAT_OUT", (subjects.chat_out(),), owner="notify")
CHAT_RECEIPT = StreamSpec("CHAT_RECEIPT", (subjects.chat_receipt(),), owner="notify")


def all_streams(services: tuple[str, ...] = SERVICES) -> list[StreamSpec]:
    specs = [CHAT_IN, CHAT_OUT, CHAT_RECEIPT]
    for service in services:
        specs += [events_stream(service), dead_letter_stream(service)]
    return specs


def owned_by(service: str, services: tuple[str, ...] = SERVICES) -> list[StreamSpec]:
    extra = () if service in services else (service,)
    return [s for s in all_streams(services + extra) if s.owner == service]


def stream_for_subject(subject: str) -> StreamSpec:
    """The stream a concrete subject lands in (used to bind consumers)."""
    for spec in all_streams():
        for pattern in spec.subjects:
            if _matches(pattern, subject):
                return spec
    parts = subject.split(".")
    if len(parts) > 2 and parts[0] == subjects.DOMAIN_ROOT and parts[1] != "dlq":
        return events_stream(parts[2])
    raise KeyError(f"no stream holds subject {subject!r}")


def _matches(pattern: str, subject: str) -> bool:
    p, s = pattern.split("."), subject.split(".")
    for i, token in enumerate(p):
        if token == ">":
            return len(s) > i
        if i >= len(s) or (token != "*" and s[i] != "*" and token != s[i]):
            return False
    return len(p) == len(s)
