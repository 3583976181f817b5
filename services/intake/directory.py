"""Who is who, in intake's store: people, their chat identities, and binding codes.

Small functions on a connection, each one statement or two; the handler's transaction
(or the roster import's) holds them together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, insert, select, update

from shared.contracts.intake import Actor

from .tables import binding_codes, identities, people


@dataclass(frozen=True)
class Person:
    """`building` + `room`: the home (anyone with one is its resident); `roles`: every role."""

    person_id: str
    name: str
    role: str
    building: str | None
    room: str | None
    language: str
    roles: tuple[str, ...] = ()
    admin_building: str | None = None

    @property
    def home(self) -> tuple[str, str] | None:
        return (self.building, self.room) if self.building and self.room else None

    def actor(self, role: str | None = None) -> Actor:
        """As who they act for a command checked against `role` (their main job by default):
        a building admin's command is placed in the building they serve."""
        role = role or self.role
        building, room = self.building, self.room
        if role == "building_admin":
            building = self.admin_building or self.building
            room = self.room if self.home and building == self.building else None
        return Actor(person_id=self.person_id, role=role, building=building, room=room,
                     language=self.language, roles=list(self.roles))


def _person(row) -> Person | None:
    if row is None:
        return None
    roles = tuple(row.roles.split(";")) if row.roles else (row.role,)
    return Person(row.person_id, row.name, row.role, row.building, row.room, row.language, roles,
                  row.admin_building or (row.building if row.role == "building_admin" else None))


def person_by_id(conn: Connection, person_id: str) -> Person | None:
    return _person(conn.execute(select(people).where(people.c.person_id == person_id)).first())


_PERSON_OF = (select(people).join(identities, identities.c.person_id == people.c.person_id)
              .where(identities.c.platform == bindparam("platform"), identities.c.sender_id == bindparam("sender_id")))


def person_of(conn: Connection, platform: str, sender_id: str) -> Person | None:
    """Who sent a chat message (every message asks: the statement is built once)."""
    return _person(conn.execute(_PERSON_OF, {"platform": platform, "sender_id": sender_id}).first())


@dataclass(frozen=True)
class CodeState:
    person_id: str
    used_by: str | None
    revoked: bool
    expires_at: datetime | None  # None: a code issued before codes expired

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at


def code_state(conn: Connection, code_hash: str) -> CodeState | None:
    row = conn.execute(select(binding_codes).where(binding_codes.c.code_hash == code_hash)).first()
    if row is None:
        return None
    return CodeState(row.person_id, row.used_by, row.revoked_at is not None, row.expires_at)


def platforms_of_sender(conn: Connection, sender_id: str) -> list[str]:
    """The platforms on which this sender id is bound (for spotting a borrowed id)."""
    return list(conn.scalars(select(identities.c.platform).where(identities.c.sender_id == sender_id)))


def use_code(conn: Connection, code_hash: str, *, by: str, now: datetime) -> None:
    conn.execute(update(binding_codes).where(binding_codes.c.code_hash == code_hash)
                 .values(used_at=now, used_by=by))


def bind_identity(conn: Connection, *, platform: str, sender_id: str, person_id: str, now: datetime) -> None:
    """Bind, or move an identity to another person (the latest code used wins)."""
    moved = conn.execute(update(identities)
                         .where(identities.c.platform == platform, identities.c.sender_id == sender_id)
                         .values(person_id=person_id, bound_at=now)).rowcount
    if not moved:
        conn.execute(insert(identities).values(platform=platform, sender_id=sender_id,
                                               person_id=person_id, bound_at=now))
