"""Who is reachable where: people from the roster, their bound identities, group chats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, bindparam, delete, insert, select

from shared.contracts.intake import ROLES

from ..tables import group_chats, identities, people, person_roles
from .upsert import insert_or_replace


@dataclass(frozen=True)
class Recipient:
    platform: str
    chat_id: str
    language: str
    reply_to: str | None = None
    audience: str | None = None  # a group chat's audience ('all' or a building)


def save_person(conn: Connection, *, person_id: str, name: str, role: str, building: str | None,
                room: str | None, language: str, roles: dict[str, str | None] | None = None) -> None:
    """`roles`: every role and the building it applies to (default: `role` at `building`)."""
    insert_or_replace(conn, people, {"person_id": person_id, "name": name, "role": role, "building": building,
                                     "room": room, "language": language}, ["person_id"])
    conn.execute(delete(person_roles).where(person_roles.c.person_id == person_id))
    conn.execute(insert(person_roles), [{"person_id": person_id, "role": r, "building": b}
                                        for r, b in (roles or {role: building}).items()])


def roles_of(conn: Connection, person_id: str) -> list[str]:
    """In the contracts' order: resident first, then the jobs."""
    found = set(conn.scalars(select(person_roles.c.role).where(person_roles.c.person_id == person_id)))
    return [r for r in ROLES if r in found]


def with_role(role: str, building: str | None = None):
    """A condition on people: they have `role` (in `building`, when given)."""
    found = select(person_roles.c.person_id).where(person_roles.c.role == role)
    if building is not None:
        found = found.where(person_roles.c.building == building)
    return people.c.person_id.in_(found)


def save_identity(conn: Connection, *, platform: str, sender_id: str, person_id: str,
                  direct_chat_id: str | None, now: datetime) -> None:
    """The latest binding wins; a bind from a group keeps the direct chat known before."""
    existing = conn.execute(select(identities.c.person_id, identities.c.direct_chat_id).where(
        identities.c.platform == platform, identities.c.sender_id == sender_id)).first()
    if direct_chat_id is None and existing is not None and existing.person_id == person_id:
        direct_chat_id = existing.direct_chat_id
    insert_or_replace(conn, identities, {"platform": platform, "sender_id": sender_id, "person_id": person_id,
                                         "direct_chat_id": direct_chat_id, "bound_at": now},
                      ["platform", "sender_id"])


def save_group(conn: Connection, *, platform: str, chat_id: str, audience: str, language: str,
               by: str, now: datetime) -> None:
    insert_or_replace(conn, group_chats, {"platform": platform, "chat_id": chat_id, "audience": audience,
                                          "language": language, "registered_by": by, "registered_at": now},
                      ["platform", "chat_id"])


def language_of(conn: Connection, person_id: str | None) -> str | None:
    if person_id is None:
        return None
    return conn.execute(select(people.c.language).where(people.c.person_id == person_id)).scalar()


_LANGUAGE_OF_SENDER = select(people.c.language).select_from(
    identities.join(people, identities.c.person_id == people.c.person_id)).where(
    identities.c.platform == bindparam("platform"), identities.c.sender_id == bindparam("sender_id"))


def language_of_sender(conn: Connection, platform: str, sender_id: str) -> str | None:
    return conn.execute(_LANGUAGE_OF_SENDER, {"platform": platform, "sender_id": sender_id}).scalar()


_NAME_OF_SENDER = select(people.c.name).select_from(
    identities.join(people, identities.c.person_id == people.c.person_id)).where(
    identities.c.platform == bindparam("platform"), identities.c.sender_id == bindparam("sender_id"))


def name_of_sender(conn: Connection, platform: str, sender_id: str) -> str | None:
    """The roster name behind a chat identity: a reply in a group says whom it answers."""
    return conn.execute(_NAME_OF_SENDER, {"platform": platform, "sender_id": sender_id}).scalar()


def direct_chats(conn: Connection, *conditions, fallback_language: str) -> list[Recipient]:
    """Every bound identity's direct chat of the people matching `conditions`."""
    rows = conn.execute(
        select(identities.c.platform, identities.c.direct_chat_id, people.c.language)
        .select_from(identities.join(people, identities.c.person_id == people.c.person_id))
        .where(identities.c.direct_chat_id.is_not(None), and_(*conditions))
        .order_by(people.c.person_id, identities.c.platform, identities.c.sender_id)
    ).all()
    found = {(r.platform, r.direct_chat_id): r.language or fallback_language for r in rows}
    return [Recipient(platform, chat, language) for (platform, chat), language in found.items()]


def groups(conn: Connection, audience: str) -> list[Recipient]:
    """The group chats of a building, or every group chat for 'all'."""
    query = select(group_chats).order_by(group_chats.c.audience, group_chats.c.platform, group_chats.c.chat_id)
    if audience != "all":
        query = query.where(group_chats.c.audience == audience)
    return [Recipient(r.platform, r.chat_id, r.language, audience=r.audience) for r in conn.execute(query)]
