"""The clock of a `lastmile up` run, which never runs backwards across runs on one data folder.

Every run would otherwise start its clock at the real time: at `LASTMILE_CLOCK_SPEED=600`
a second run would begin hours *before* the first one ended, and holds, deadlines and the
bulletin's day would go backwards (a day's bulletin already posted, its later events never
reported). So each run records its clock in `run/clock.json`; the next run resumes from the
time the last one stopped at (time stands still while nothing runs), or, if it was killed
and could not say, from the time its clock would show now. Never behind the real time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

RECORD = Path("run") / "clock.json"


@dataclass(frozen=True)
class RunClock:
    origin: datetime           # the real time the run began
    start: datetime | None     # the clock's time at `origin`; None: the real time
    speed: float

    def at(self, real: datetime) -> datetime:
        return (self.start or self.origin) + (real - self.origin) * self.speed

    def env(self) -> dict[str, str]:
        found = {"LASTMILE_CLOCK_ORIGIN": self.origin.isoformat()}
        if self.start is not None:
            found["LASTMILE_CLOCK_START"] = self.start.isoformat()
        return found


def resume(data_dir: Path, *, speed: float, origin: datetime | None, start: datetime | None,
           now: datetime) -> RunClock:
    """This run's clock: as configured if LASTMILE_CLOCK_ORIGIN/_START say so, else resumed."""
    if origin is not None or start is not None:
        return RunClock(origin or now, start, speed)
    previous = _read(data_dir)
    if previous is None:
        return RunClock(now, None, speed)
    clock, stopped = previous
    was = stopped or clock.at(now)
    return RunClock(now, was if was > now else None, speed)


def record(data_dir: Path, clock: RunClock, *, stopped: datetime | None = None) -> None:
    path = data_dir / RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = {"origin": clock.origin.isoformat(), "start": clock.start.isoformat() if clock.start else None,
              "speed": clock.speed, "stopped": stopped.isoformat() if stopped else None}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(fields))
    temporary.replace(path)


def _read(data_dir: Path) -> tuple[RunClock, datetime | None] | None:
    try:
        fields = json.loads((data_dir / RECORD).read_text())
        when = {k: datetime.fromisoformat(fields[k]) if fields.get(k) else None for k in ("origin", "start", "stopped")}
        return RunClock(when["origin"], when["start"], float(fields["speed"])), when["stopped"]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no earlier run, or a record we cannot read: start from the real time


def time_of(data_dir: Path, *, now: datetime) -> datetime:
    """The time a system on this data folder lives at now: the running (or last) accelerated
    run's, or the real time. For commands run beside it (`lastmile racks`, `roster import`)."""
    return resume(data_dir, speed=1.0, origin=None, start=None, now=now).start or now
