"""The compound the pipeline benchmarks run on: 800 households in 20 buildings (by default), and the
staff who set up a group buy — imported with `lastmile roster import` and bound by chat."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

BUILDINGS, ROOMS = 20, 40
STAFF = [("", "", "Committee One", "committee", "en"), ("", "", "Leader One", "group_leader", "en"),
         ("1", "", "Guard One", "guard", "en"), ("", "", "Property One", "property", "en")]


def households(count: int = BUILDINGS * ROOMS) -> list[tuple[str, str]]:
    """(building, room) of `count` households, 40 to a building."""
    return [(str(i // ROOMS + 1), str(101 + i % ROOMS)) for i in range(count)]


def write_roster(path: Path, count: int) -> None:
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["building", "room", "name", "role", "language"])
        for i, (building, room) in enumerate(households(count)):
            out.writerow([building, room, f"Resident {building}-{room}", "resident", "zh" if i % 2 else "en"])
        for row in STAFF:
            out.writerow(["" if row[3] != "building_admin" else row[0], row[1], row[2], row[3], row[4]])


def import_roster(folder: Path, env: dict[str, str], count: int) -> dict[str, dict[str, str]]:
    """Import through intake's own command; returns codes by role/household."""
    folder.mkdir(parents=True, exist_ok=True)
    roster, codes = folder / "roster.csv", folder / "codes.csv"
    write_roster(roster, count)
    subprocess.run([sys.executable, "-m", "lastmile", "roster", "import", str(roster), "--codes-out", str(codes)],
                   env=env, check=True, capture_output=True)
    with codes.open() as f:
        return {_key(row): row for row in csv.DictReader(f)}


def _key(row: dict[str, str]) -> str:
    return f"{row['building']}-{row['room']}" if row["role"] == "resident" else row["role"]
