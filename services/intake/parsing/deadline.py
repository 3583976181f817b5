"""`until 18:00` → an aware datetime in the compound's time zone.

The time is on the clock's current day in the compound; a time already past (or now) means
tomorrow, because nobody proposes a group buy that closed before it opened.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from .results import ArgError

CLOCK_TIME = re.compile(r"^(\d{1,2})(?::(\d{2})|点(?:(\d{1,2})分?|半)?)$")


def clock_time(token: str) -> time:
    """`18:00`, `9:30`, `18点`, `18点30`, `18点半`."""
    match = CLOCK_TIME.match(token)
    if not match:
        raise ArgError("bad_time", token)
    hour = int(match.group(1))
    minute = int(match.group(2) or match.group(3) or (30 if token.endswith("半") else 0))
    if hour > 23 or minute > 59:
        raise ArgError("bad_time", token)
    return time(hour, minute)


def next_deadline(at: time, *, now: datetime, tz: ZoneInfo) -> datetime:
    local_now = now.astimezone(tz)
    candidate = datetime.combine(local_now.date(), at, tzinfo=tz)
    if candidate <= local_now:
        candidate = datetime.combine(local_now.date() + timedelta(days=1), at, tzinfo=tz)
    return candidate
