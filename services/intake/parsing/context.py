"""What argument parsers may know besides the text: the time and the compound's zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class ParseContext:
    now: datetime
    tz: ZoneInfo
