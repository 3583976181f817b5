"""The compound the pipeline benchmarks run on: 800 households in 20 buildings (by default), and the
staff who set up a group buy — imported with `lastmile roster import` and bound by chat.
`lastmile demo` imports its own compound (more staff, languages) through the same functions."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from typing import Sequence

BUILDINGS, ROOMS = 20, 40
# (building, room, name, role, language) of the staff rows after the households.
STAFF = [("", "", "Committee One", "committee", "en"), ("", "", "Leader One", "group_leader", "en"),
         ("1", "", "Guard One", "guard", "en"), ("", "", "Property One", "property", "en")]


def households(count: int = BUILDINGS * ROOMS, per_building: int = ROOMS) -> list[tuple[str, str]]:
    """(building, room) of `count` households, `per_building` (40) to a building."""
    return [(str(i // per_building + 1), str(101 + i % per_building)) for i in range(count)]


def write_roster(path: Path, count: int, *, staff: Sequence[tuple[str, str, str, str, str]] = STAFF,
                 per_building: int = ROOMS) -> None:
    """Households alternate en / zh; staff rows as given (building admins and staff with a home
    keep their building)."""
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["building", "room", "name", "role", "language"])
        for i, (building, room) in enumerate(households(count, per_building)):
            out.writerow([building, room, f"Resident {building}-{room}", "resident", "zh" if i % 2 else "en"])
        for row in staff:
            keeps = "building_admin" in row[3] or row[1]
            out.writerow([row[0] if keeps else "", row[1], row[2], row[3], row[4]])


def import_rows(folder: Path, env: dict[str, str], count: int, *,
                staff: Sequence[tuple[str, str, str, str, str]] = STAFF,
                per_building: int = ROOMS) -> list[dict[str, str]]:
    """Import through intake's own command; returns the codes file's rows (person_id, code, …)."""
    folder.mkdir(parents=True, exist_ok=True)
    roster, codes = folder / "roster.csv", folder / "codes.csv"
    write_roster(roster, count, staff=staff, per_building=per_building)
    subprocess.run([sys.executable, "-m", "lastmile", "roster", "import", str(roster), "--codes-out", str(codes)],
                   env=env, check=True, capture_output=True)
    with codes.open(encoding="utf-8-sig") as f:  # the codes file has a BOM (for Excel)
        return list(csv.DictReader(f))


def import_roster(folder: Path, env: dict[str, str], count: int) -> dict[str, dict[str, str]]:
    """Import through intake's own command; returns codes by role/household."""
    return {_key(row): row for row in import_rows(folder, env, count)}


def _key(row: dict[str, str]) -> str:
    return f"{row['building']}-{row['room']}" if row["role"] == "resident" else row["role"]
