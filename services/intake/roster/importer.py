"""Importing a checked roster into intake's store in one transaction.

Each person keeps their id across imports: found by the `person_id` column when the roster
has one, else by name and home, else (someone whose home changed) by a name that is on
neither side more than once. Roles and home change in place; bindings, orders and codes
stay. A code is issued to whoever has no way in yet (new, not bound, no unused code left);
`reissue` gives everyone a fresh code and revokes their unused ones, which is how a lost
codes file is replaced. `person.registered` goes out through intake's outbox for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, insert, or_, select, update

from shared.contracts.intake import PersonRegistered
from shared.runtime.counters import next_number
from shared.runtime.tx import Tx

from ..domain.codes import code_hash, new_code
from ..tables import binding_codes, identities, people
from .read import RosterLine

PERSON_PREFIX = "R"  # R12: "roster", distinct from V, GB, A and P ids elsewhere


@dataclass(frozen=True)
class Issued:
    person_id: str
    line: RosterLine
    code: str | None  # None: they keep the code or the binding they have


@dataclass(frozen=True)
class Existing:
    person_id: str
    key: str
    name: str


def _existing(conn: Connection) -> list[Existing]:
    rows = conn.execute(select(people.c.person_id, people.c.roster_key, people.c.name))
    return [Existing(r.person_id, r.roster_key, r.name) for r in rows]


class UnknownIds(Exception):
    """The roster names person ids the store has never issued: nothing is imported."""

    def __init__(self, lines: list[RosterLine]):
        super().__init__("unknown person ids")
        self.lines = lines


def match(lines: list[RosterLine], existing: list[Existing]) -> dict[int, str]:
    """line number → the id of the person it updates (lines without one are new people)."""
    by_id = {e.person_id: e for e in existing}
    unknown = [line for line in lines if line.person_id and line.person_id not in by_id]
    if unknown:
        raise UnknownIds(unknown)
    by_key = {e.key: e.person_id for e in existing}
    found: dict[int, str] = {}
    for line in lines:
        if line.person_id in by_id:
            found[line.line] = line.person_id
        elif line.key in by_key:
            found[line.line] = by_key[line.key]
    taken = set(found.values())
    keys = {line.key for line in lines}
    left = [e for e in existing if e.person_id not in taken and e.key not in keys]
    new = [line for line in lines if line.line not in found]
    for line in new:  # moved house: one of that name left over on each side
        name = line.name.casefold()
        olds = [e for e in left if e.name.casefold() == name]
        if len(olds) == 1 and sum(n.name.casefold() == name for n in new) == 1:
            found[line.line] = olds[0].person_id
    return found


def _values(line: RosterLine) -> dict:
    return dict(name=line.name, role=line.role, roles=";".join(line.roles), building=line.building,
                room=line.room, language=line.language, admin_building=line.admin_building, roster_key=line.key)


def _has_way_in(conn: Connection, person_id: str, now: datetime) -> bool:
    """Bound on some platform, or holding a code that still works."""
    if conn.execute(select(identities.c.person_id).where(identities.c.person_id == person_id).limit(1)).first():
        return True
    usable = and_(binding_codes.c.person_id == person_id, binding_codes.c.used_at.is_(None),
                  binding_codes.c.revoked_at.is_(None),
                  or_(binding_codes.c.expires_at.is_(None), binding_codes.c.expires_at > now))
    return conn.execute(select(binding_codes.c.code_hash).where(usable).limit(1)).first() is not None


def _issue(conn: Connection, person_id: str, now: datetime, expires_at: datetime) -> str:
    conn.execute(update(binding_codes)
                 .where(binding_codes.c.person_id == person_id, binding_codes.c.used_at.is_(None),
                        binding_codes.c.revoked_at.is_(None))
                 .values(revoked_at=now))
    code = new_code()
    conn.execute(insert(binding_codes).values(code_hash=code_hash(code), person_id=person_id, issued_at=now,
                                              expires_at=expires_at))
    return code


def import_roster(conn: Connection, lines: list[RosterLine], *, now: datetime, community: str,
                  expires_at: datetime, reissue: bool = False) -> list[Issued]:
    tx = Tx(conn=conn, now=now, source="intake", community=community)
    matched = match(lines, _existing(conn))
    # keys move first, so a swap or a move never collides on the unique roster key
    for person_id in matched.values():
        conn.execute(update(people).where(people.c.person_id == person_id).values(roster_key=f"~{person_id}"))
    issued = []
    for line in lines:
        person_id = matched.get(line.line)
        if person_id:
            conn.execute(update(people).where(people.c.person_id == person_id).values(**_values(line)))
        else:
            person_id = f"{PERSON_PREFIX}{next_number(conn, 'person')}"
            conn.execute(insert(people).values(person_id=person_id, registered_at=now, **_values(line)))
        fresh = reissue or not _has_way_in(conn, person_id, now)
        issued.append(Issued(person_id, line, _issue(conn, person_id, now, expires_at) if fresh else None))
        tx.emit(PersonRegistered(person_id=person_id, name=line.name, role=line.role, roles=list(line.roles),
                                 building=line.building, room=line.room, language=line.language,
                                 admin_building=line.admin_building))
    tx.flush()
    return issued
