"""Reading a roster CSV into checked people.

Pure: text in, people, problems and notes out. Every bad line is reported with its number
and reason, so one import attempt shows everything to fix. The form a committee fills in is
one line per person, `building,room,name,roles,language` (roles `resident;building_admin`,
or in Chinese `居民;楼长`); the old one-role-per-line form (the same name once per role) is
merged into one person, with a note saying how to write it next time.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace

from shared.contracts.intake import ROLES

from . import columns
from .columns import REQUIRED, column_of

PLACE = re.compile(r"^[0-9A-Z]{1,8}$")
MAX_NAME = 64
STAFF_ORDER = ROLES  # roles are kept in this order, resident first


@dataclass(frozen=True)
class RosterLine:
    """One person: a home (building + room) or none, and one or more roles."""

    line: int
    building: str | None
    room: str | None
    name: str
    roles: tuple[str, ...]
    language: str
    admin_building: str | None = None
    person_id: str | None = None
    lines: tuple[int, ...] = field(default=(), compare=False)

    @property
    def role(self) -> str:
        """The main job, for consumers and files that know one role: staff before resident."""
        return next((r for r in self.roles if r != "resident"), "resident")

    @property
    def home(self) -> tuple[str, str] | None:
        return (self.building, self.room) if self.building and self.room else None

    @property
    def key(self) -> str:
        """What identifies a person across imports: the same name in the same home."""
        return f"{self.building or ''}|{self.room or ''}|{self.name.casefold()}"


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason


@dataclass
class Roster:
    lines: list[RosterLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _ordered(roles) -> tuple[str, ...]:
    return tuple(r for r in STAFF_ORDER if r in set(roles))


def _place(row: dict[str, str]) -> tuple[str | None, str | None]:
    building, room = columns.building_cell(row.get("building", "")), columns.room_cell(row.get("room", ""))
    if "-" in room:  # `5-1101` in the room column, with or without the building beside it
        head, _, tail = room.partition("-")
        if not building or building == head:
            building, room = head, tail
    return building or None, room or None


def _roles(cell: str, reasons: list[str]) -> list[str]:
    found = []
    for word in columns.split_roles(cell):
        role = columns.role_of(word)
        if role is None:
            reasons.append(f"role {word!r} is not one of {', '.join(ROLES)} (or 居民, 楼长, 团长, 居委, 物业, 保安, 志愿者)")
        else:
            found.append(role)
    if not found and not reasons:
        reasons.append("roles is empty (e.g. resident, or resident;building_admin)")
    return found


def _check(line: int, row: dict[str, str]) -> tuple[RosterLine | None, list[str]]:
    building, room = _place(row)
    name = row["name"].strip()
    language = columns.fold(row.get("language", "")).lower() or "zh"
    admin_building = columns.building_cell(row.get("admin_building", "")) or None
    reasons: list[str] = []
    roles = _roles(row["roles"], reasons)
    if not name:
        reasons.append("name is empty")
    elif len(name) > MAX_NAME:
        reasons.append(f"name is longer than {MAX_NAME} characters")
    if language not in ("zh", "en"):
        reasons.append(f"language {row.get('language')!r} is not zh or en")
    for what, value in (("building", building), ("room", room), ("admin_building", admin_building)):
        if value and not PLACE.match(value):
            reasons.append(f"{what} {value!r} is not 1-8 letters or digits")
    if room and not building:
        reasons.append("a room needs its building")
    if building and room:
        roles.append("resident")  # anyone with a home is a resident of it
    elif "resident" in roles:
        reasons.append("a resident needs a building and a room")
    if "building_admin" in roles and not (admin_building or building):
        reasons.append("a building admin needs a building")
    if admin_building and "building_admin" not in roles:
        reasons.append("admin_building is only for a building admin")
    if reasons:
        return None, reasons
    if "building_admin" in roles:
        admin_building = admin_building or building
    person_id = columns.fold(row.get("person_id", "")).upper() or None
    return RosterLine(line, building, room, name, _ordered(roles), language, admin_building, person_id,
                      (line,)), []


def _merge(into: RosterLine, other: RosterLine) -> RosterLine:
    return replace(into, roles=_ordered(into.roles + other.roles), lines=into.lines + other.lines,
                   admin_building=into.admin_building or other.admin_building,
                   person_id=into.person_id or other.person_id)


def _one_per_person(entries: list[RosterLine], roster: Roster) -> list[RosterLine]:
    """Lines of one name become one person: the same home twice, or a line without a home
    beside the one home of that name (the one-role-per-line form)."""
    by_name: dict[str, list[RosterLine]] = {}
    for entry in entries:
        by_name.setdefault(entry.name.casefold(), []).append(entry)
    people = []
    for same in by_name.values():
        homes: dict[tuple[str, str], RosterLine] = {}
        homeless: list[RosterLine] = []
        for entry in same:
            if entry.home in homes:
                homes[entry.home] = _merge(homes[entry.home], entry)
            elif entry.home:
                homes[entry.home] = entry
            else:
                homeless.append(entry)
        if homeless and len(homes) > 1:
            where = " and ".join(f"{b}-{r}" for b, r in homes)
            for entry in homeless:
                roster.problems.append(Problem(entry.line, f"{entry.name} lives in {where}: write this role on the "
                                                           "right home's line (roles e.g. resident;building_admin)"))
            continue
        if homeless and homes:
            (home,) = homes
            for entry in homeless:
                homes[home] = _merge(homes[home], replace(entry, admin_building=entry.admin_building or None))
        elif homeless:
            merged = homeless[0]
            for entry in homeless[1:]:
                merged = _merge(merged, entry)
            admin_buildings = {e.admin_building for e in homeless if e.admin_building}
            if len(admin_buildings) > 1:
                roster.problems.append(Problem(homeless[-1].line, f"{merged.name} is building admin of "
                                               f"{' and '.join(sorted(admin_buildings))}: one person serves one "
                                               "building (two people of one name: tell them apart in the name)"))
                continue
            homes[("", "")] = merged
        for person in homes.values():
            if len(person.lines) > 1 and all(e.roles == person.roles for e in same if e.line in person.lines):
                roster.notes.append(f"line {', '.join(map(str, person.lines[1:]))} repeats line {person.line} "
                                    f"({person.name}): read once")
            elif len(person.lines) > 1:
                roster.notes.append(
                    f"lines {', '.join(map(str, person.lines))} are one person ({person.name}): imported once with "
                    f"roles {';'.join(person.roles)}. Next time write one line with roles {';'.join(person.roles)}.")
            people.append(person)
    return sorted(people, key=lambda p: p.line)


def _header(reader) -> tuple[list[str | None], list[str], list[str]]:
    cells = next(reader, [])
    found = [column_of(h) for h in cells]
    ignored = [h.strip() for h, c in zip(cells, found) if c is None and h.strip()]
    missing = [c for c in REQUIRED if c not in found]
    return found, missing, ignored


def read_roster(text: str) -> Roster:
    """All people if every line is good; otherwise the problems (and nobody to import)."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header, missing, ignored = _header(reader)
    roster = Roster()
    if missing:
        roster.problems.append(Problem(1, f"the header must be building,room,name,roles,language "
                                          f"(楼栋,房号,姓名,角色,语言); missing {','.join(missing)}"))
        return roster
    if ignored:
        roster.notes.append(f"columns not read (lastmile keeps no more than it needs): {', '.join(ignored)}")
    entries = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            roster.problems.append(Problem(number, f"expected {len(header)} columns, got {len(cells)}"))
            continue
        row = {column: cell for column, cell in zip(header, cells) if column}
        row = {c: row.get(c, "") for c in columns.HEADERS} | {"roles": row.get("roles", "")}
        entry, reasons = _check(number, row)
        roster.problems += [Problem(number, r) for r in reasons]
        if entry is not None:
            entries.append(entry)
    people = _one_per_person(entries, roster)
    if not people and not roster.problems:
        roster.problems.append(Problem(1, "no people in the file"))
    if not roster.problems:
        roster.lines = people
    return roster
