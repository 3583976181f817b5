"""holding's read model of intake's roster: who lives where, so the gate refuses a parcel for
a room nobody on the roster lives in (a mistyped room would otherwise sit on a rack forever,
its notice reaching nobody).

Until a roster has been imported holding knows no room and refuses none: a compound that
runs without a roster keeps working. A person whose room changes is updated in place; an
existing deployment learns the roster at its next `lastmile roster import`."""

from __future__ import annotations

from sqlalchemy import Connection, select

from shared.contracts.envelope import Envelope
from shared.contracts.intake import PersonRegistered
from shared.runtime.tx import Tx

from .queries import set_resident
from .tables import residents


def on_person(tx: Tx, event: PersonRegistered, _envelope: Envelope) -> None:
    set_resident(tx.conn, event.person_id, building=event.building, room=event.room)


def unknown_room(conn: Connection, building: str, room: str) -> bool:
    """True when a roster is known and nobody on it lives in `building`-`room`."""
    if conn.execute(select(residents.c.person_id).where(residents.c.room.is_not(None)).limit(1)).first() is None:
        return False
    lives = select(residents.c.person_id).where(residents.c.building == building, residents.c.room == room)
    return conn.execute(lives.limit(1)).first() is None
