"""Bulletin days: which day's bulletin an event counts in, and when the next one is due.

The bulletin posted at the configured hour on day D covers everything since the previous
bulletin (D-1 at that hour): an event is counted by notify's clock when notify sees it, so
each event is in exactly one bulletin, even one that comes in late.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

STANDING = date(2000, 1, 1)  # the `day` of figures that are not per day (still waiting)


def bulletin_day(moment: datetime, tz: ZoneInfo, hour: int) -> date:
    """The date of the bulletin that will report an event seen at `moment`."""
    local = moment.astimezone(tz)
    return local.date() + timedelta(days=1) if local.time() >= time(hour) else local.date()


def bulletin_due(day: date, tz: ZoneInfo, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=tz)


def next_bulletin(moment: datetime, tz: ZoneInfo, hour: int) -> tuple[date, datetime]:
    """The next bulletin after `moment`: its day and when it is due."""
    day = bulletin_day(moment, tz, hour)
    return day, bulletin_due(day, tz, hour)
