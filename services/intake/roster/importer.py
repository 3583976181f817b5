"""Importing a checked roster into intake's store in one transaction.

Each person keeps their id across imports (found by building, room and name) and gets a
fresh one-time code, valid until `expires_at`; their earlier unused codes are revoked, so a
re-import is also how a lost (or expired) codes file is reissued. `person.registered` goes out through intake's outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from shared.runtime.counters import next_number
from shared.contracts.intake import PersonRegistered
from shared.runtime.tx import Tx

from ..domain.codes import code_hash, new_code
from ..tables import binding_codes, people
from .read import RosterLine

PERSON_PREFIX = "R"  # R12: "roster", distinct from V, GB, A and P ids elsewhere


@dataclass(frozen=True)
class Issued:
    person_id: str
    line: RosterLine
    code: str


def _upsert(conn: Connection, line: RosterLine, now: datetime) -> str:
    values = dict(name=line.name, role=line.role, building=line.building, room=line.room,
                  language=line.language)
    found = conn.execute(select(people.c.person_id).where(people.c.roster_key == line.key)).scalar()
    if found:
        conn.execute(update(people).where(people.c.person_id == found).values(**values))
        return found
    person_id = f"{PERSON_PREFIX}{next_number(conn, 'person')}"
    conn.execute(insert(people).values(person_id=person_id, roster_key=line.key, registered_at=now, **values))
    return person_id


def _reissue(conn: Connection, person_id: str, now: datetime, expires_at: datetime) -> str:
    conn.execute(update(binding_codes)
                 .where(binding_codes.c.person_id == person_id, binding_codes.c.used_at.is_(None),
                        binding_codes.c.revoked_at.is_(None))
                 .values(revoked_at=now))
    code = new_code()
    conn.execute(insert(binding_codes).values(code_hash=code_hash(code), person_id=person_id, issued_at=now,
                                              expires_at=expires_at))
    return code


def import_roster(conn: Connection, lines: list[RosterLine], *, now: datetime, community: str,
                  expires_at: datetime) -> list[Issued]:
    tx = Tx(conn=conn, now=now, source="intake", community=community)
    issued = []
    for line in lines:
        person_id = _upsert(conn, line, now)
        issued.append(Issued(person_id, line, _reissue(conn, person_id, now, expires_at)))
        tx.emit(PersonRegistered(person_id=person_id, name=line.name, role=line.role,
                                 building=line.building, room=line.room, language=line.language))
    tx.flush()
    return issued
