"""Short human ids people type in chats: V3 for vendors, GB12 for group buys."""

from __future__ import annotations

import re

VENDOR = "V"
GROUPBUY = "GB"
_PATTERN = re.compile(r"^(GB|V)(\d{1,9})$")


def format_id(prefix: str, number: int) -> str:
    return f"{prefix}{number}"


def normalise(ref: str) -> str:
    """`gb12`, ` GB12 ` → `GB12` (people type ids in any case)."""
    return ref.strip().upper()


def kind_of(ref: str | None) -> str | None:
    """`V` or `GB` when `ref` is one of ours, else None (another service's id, or nothing)."""
    match = _PATTERN.match(normalise(ref)) if ref else None
    return match.group(1) if match else None
