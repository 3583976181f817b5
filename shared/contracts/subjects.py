"""Subject names. Domain subjects carry the community so one deployment can serve many
compounds and be partitioned by it later; a service publishes only under its own prefix."""

from __future__ import annotations

DOMAIN_ROOT = "lm"
DLQ_ROOT = f"{DOMAIN_ROOT}.dlq"


def event_subject(community: str, source: str, event_type: str) -> str:
    """`lm.<community>.<service>.<entity>.<verb>`, e.g. `lm.sunny.intake.order.requested`."""
    return f"{DOMAIN_ROOT}.{community}.{source}.{event_type}"


def service_events(source: str, community: str = "*") -> str:
    """Every event a service publishes (for one community, or all with `*`)."""
    return f"{DOMAIN_ROOT}.{community}.{source}.>"


def dead_letter_subject(service: str) -> str:
    """Where a service parks what it could not handle: `lm.dlq.<service>`."""
    return f"{DLQ_ROOT}.{service}"


def chat_in(platform: str = "*") -> str:
    return f"chat.in.{platform}"


def chat_out(platform: str = "*") -> str:
    return f"chat.out.{platform}"


def chat_receipt(platform: str = "*") -> str:
    return f"chat.receipt.{platform}"
