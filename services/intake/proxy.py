"""`代取 3-502`, `代取 张伟`: the person a resident names as their pickup proxy, found in
intake's directory among people with a home (only residents may pick up). A name or home
that fits several people is asked back with the candidates, never guessed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from shared.runtime.places import place_key

from .tables import people


@dataclass(frozen=True)
class Found:
    person_id: str | None = None
    reason: str | None = None  # unknown_person | ambiguous_person
    params: dict[str, str] | None = None


def _label(row) -> str:
    return f"{row.name} {row.building}-{row.room}"


def find(conn: Connection, *, home: tuple[str, str] | None, name: str | None, asker: str) -> Found:
    query = select(people.c.person_id, people.c.name, people.c.building, people.c.room).where(
        people.c.room.is_not(None), people.c.person_id != asker)
    if home:
        query = query.where(people.c.building == home[0], people.c.room == home[1])
    if name:
        query = query.where(func.lower(people.c.name) == name.casefold())
    rows = sorted(conn.execute(query), key=lambda r: (place_key(r.building, r.room), r.person_id))
    asked = " ".join(x for x in (f"{home[0]}-{home[1]}" if home else None, name) if x)
    if not rows:
        return Found(reason="unknown_person", params={"person": asked})
    if len(rows) > 1:
        example = f"{rows[0].building}-{rows[0].room} {rows[0].name}"
        return Found(reason="ambiguous_person", params={"person": asked, "candidates": "|".join(map(_label, rows)),
                                                        "example": example})
    return Found(person_id=rows[0].person_id)


def resolve(conn: Connection, fields: dict, asker: str) -> tuple[dict | None, Found | None]:
    """The intent's fields with the proxy's person id, or what to refuse with."""
    if "proxy_person_id" in fields:
        return fields, None
    found = find(conn, home=fields["proxy_home"], name=fields["proxy_name"], asker=asker)
    if found.person_id is None:
        return None, found
    return {"proxy_person_id": found.person_id}, None
