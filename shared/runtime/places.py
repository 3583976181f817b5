"""Buildings and rooms in the order people read them: numbers as numbers, so 3-502 comes
before 3-1201 and building 10 after building 9 (a text sort puts them the other way)."""

from __future__ import annotations

import re

_PARTS = re.compile(r"(\d+)")


def natural(text: str | None) -> tuple:
    """`"1201"` → `((0, 1201, ""),)`: digits compare as numbers, the rest as text; empty last."""
    if not text:
        return ((2, 0, ""),)
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in _PARTS.split(text) if part)


def place_key(building: str | None, room: str | None = None) -> tuple:
    return natural(building), natural(room)
