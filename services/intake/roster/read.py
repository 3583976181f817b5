"""Reading a roster CSV (`building,room,name,role,language`) into checked lines.

Pure: text in, lines and problems out. Every bad line is reported with its number and
reason, so one import attempt shows everything to fix.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from shared.contracts.intake import ROLES

COLUMNS = ("building", "room", "name", "role", "language")
PLACE = re.compile(r"^[0-9A-Z]{1,8}$")
MAX_NAME = 64


@dataclass(frozen=True)
class RosterLine:
    line: int
    building: str | None
    room: str | None
    name: str
    role: str
    language: str

    @property
    def key(self) -> str:
        """What identifies a person across imports: the same name in the same home."""
        return f"{self.building or ''}|{self.room or ''}|{self.name.casefold()}"


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


def _check(line: int, row: dict[str, str]) -> tuple[RosterLine | None, list[str]]:
    building, room = row["building"].upper() or None, row["room"].upper() or None
    name, role, language = row["name"], row["role"].lower(), row["language"].lower() or "zh"
    reasons = []
    if not name:
        reasons.append("name is empty")
    elif len(name) > MAX_NAME:
        reasons.append(f"name is longer than {MAX_NAME} characters")
    if role not in ROLES:
        reasons.append(f"role {row['role']!r} is not one of {', '.join(ROLES)}")
    if language not in ("zh", "en"):
        reasons.append(f"language {row['language']!r} is not zh or en")
    for what, value in (("building", building), ("room", room)):
        if value and not PLACE.match(value):
            reasons.append(f"{what} {value!r} is not 1-8 letters or digits")
    if role == "resident" and not (building and room):
        reasons.append("a resident needs a building and a room")
    if role in ROLES and role != "resident" and room:
        reasons.append(f"room must be empty for {role}")
    if role == "building_admin" and not building:
        reasons.append("a building admin needs a building")
    if reasons:
        return None, reasons
    return RosterLine(line, building, room, name, role, language), []


def read_roster(text: str) -> tuple[list[RosterLine], list[Problem]]:
    """All lines if every one is good; otherwise the problems (and no lines to import)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in next(reader, [])]
    if tuple(header) != COLUMNS:
        return [], [Problem(1, f"the header must be {','.join(COLUMNS)} (got {','.join(header) or 'nothing'})")]
    good, problems, seen = [], [], {}
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(COLUMNS):
            problems.append(Problem(number, f"expected {len(COLUMNS)} columns, got {len(cells)}"))
            continue
        entry, reasons = _check(number, dict(zip(COLUMNS, (c.strip() for c in cells))))
        problems += [Problem(number, r) for r in reasons]
        if entry is None:
            continue
        if entry.key in seen:
            problems.append(Problem(number, f"same person as line {seen[entry.key]}"))
            continue
        seen[entry.key] = number
        good.append(entry)
    if not good and not problems:
        problems.append(Problem(1, "no people in the file"))
    return ([] if problems else good), problems
