"""The roster import as one call: read, check, write codes, commit — or change nothing.

The codes file is written to a private temporary file first and renamed into place only
after the store committed, so a failed import leaves neither codes nor people behind. It is
UTF-8 with a BOM, so Excel opens it with the Chinese names intact, homes in number order.
"""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from shared.runtime.operator import operator_now, open_service_store
from shared.runtime.places import place_key
from shared.runtime.store import Store

from ..settings import IntakeSettings
from ..tables import MIGRATIONS, metadata
from .decode import decode_roster
from .importer import Issued, UnknownIds, import_roster
from .read import Problem, read_roster

CODE_COLUMNS = ("person_id", "building", "room", "name", "role", "roles", "code", "expires")


@dataclass
class ImportResult:
    issued: list[Issued] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    expires_at: datetime | None = None

    @property
    def codes(self) -> list[Issued]:
        return [i for i in self.issued if i.code]


def open_store(settings: IntakeSettings) -> Store:
    return open_service_store(settings, "intake", metadata, MIGRATIONS)


def _write_codes(path: Path, issued: list[Issued], expires: str) -> Path:
    fd, temp = tempfile.mkstemp(prefix=".codes-", dir=path.parent)  # mode 0600: codes are secrets
    with os.fdopen(fd, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(CODE_COLUMNS)
        for i in sorted(issued, key=lambda i: (i.line.home is None, place_key(i.line.building, i.line.room))):
            if i.code:
                writer.writerow([i.person_id, i.line.building or "", i.line.room or "", i.line.name, i.line.role,
                                 ";".join(i.line.roles), i.code, expires])
    return Path(temp)


def run_import(settings: IntakeSettings, roster: Path, codes_out: Path,
               valid_for: timedelta | None = None, reissue: bool = False) -> ImportResult:
    """`valid_for`: how long the new codes work (default `LASTMILE_CODE_VALID_DAYS`);
    `reissue`: a fresh code for everyone (their unused ones revoked)."""
    decoded = decode_roster(roster.read_bytes())
    if decoded.problem:
        return ImportResult(problems=[Problem(0, decoded.problem)])
    read = read_roster(decoded.text)
    problems, notes = read.problems, ([decoded.note] if decoded.note else []) + read.notes
    if not codes_out.parent.is_dir():
        problems.append(Problem(0, f"--codes-out: folder {codes_out.parent} does not exist"))
    if problems:
        return ImportResult(problems=problems, notes=notes)
    now = operator_now(settings)
    expires_at = now + (valid_for or settings.code_validity)
    expires = f"{expires_at.astimezone(settings.tz):%Y-%m-%d %H:%M %Z}"
    store = open_store(settings)
    temp: Path | None = None
    try:
        def work(conn):
            nonlocal temp
            issued = import_roster(conn, read.lines, now=now, community=settings.community,
                                   expires_at=expires_at, reissue=reissue)
            temp = _write_codes(codes_out, issued, expires)  # inside the transaction: a failure rolls back
            return issued

        try:
            issued = store.run_sync(work)
        except UnknownIds as exc:  # rolled back: nothing stored, no codes file
            return ImportResult(notes=notes, problems=[
                Problem(line.line, f"person_id {line.person_id} is nobody imported before (leave it empty for "
                                   "someone new)") for line in exc.lines])
        os.replace(temp, codes_out)
        return ImportResult(issued=issued, notes=notes, expires_at=expires_at)
    finally:
        if temp is not None and temp.exists():
            temp.unlink()
        store.close()
