"""What argument parsers may know besides the text: the time and the compound's zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable
from zoneinfo import ZoneInfo


def _as_folded(tail: str) -> str:
    return tail.strip()


@dataclass(frozen=True)
class ParseContext:
    """`verbatim(tail)`: the original text of a folded tail of the message, for text that is
    passed on as written (announcements, bulletin lines)."""

    now: datetime
    tz: ZoneInfo
    verbatim: Callable[[str], str] = _as_folded
