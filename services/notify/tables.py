"""notify's tables: SQLModel classes on notify's own `metadata` (its alembic version line).

`notices` is the heart: every outgoing chat message is a row from the moment it is decided
until it is delivered or reported missed (queued → sent → delivered | missed; a failed send
goes back to queued with a later `not_before`). `pacing` holds the token buckets per chat
and per platform, so the limits survive restarts.

As in vetting (docs/runtime.md): each row's shape once as a plain model, its table class
(`…Table`, `table=True`) beside it, Core statements on the tables named below as before.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Index, MetaData, Text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from shared.runtime.tables import UTCDateTime

MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables
SERIAL = {"autoincrement": True}  # an integer key numbered by the database


class NotifyModel(SQLModel, registry=registry(metadata=MetaData())):
    """notify's tables only, beside the runtime's in its store."""


metadata = NotifyModel.metadata


class Person(NotifyModel):
    person_id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    role: str = Field(max_length=32)
    building: str | None = Field(default=None, max_length=32)
    room: str | None = Field(default=None, max_length=32)
    language: str = Field(max_length=4)


class PersonTable(Person, table=True):
    __tablename__ = "people"
    __table_args__ = (Index("ix_people_household", "building", "room"), Index("ix_people_role", "role"))


class PersonRole(NotifyModel):
    """Every role of a person, with the building it applies to (a building admin's building,
    a resident's home building, none for compound-wide staff): who a role's notice reaches."""

    person_id: str = Field(primary_key=True, max_length=64)
    role: str = Field(primary_key=True, max_length=32)
    building: str | None = Field(default=None, max_length=32)


class PersonRoleTable(PersonRole, table=True):
    __tablename__ = "person_roles"
    __table_args__ = (Index("ix_person_roles_role", "role", "building"),)


class Identity(NotifyModel):
    platform: str = Field(primary_key=True, max_length=32)
    sender_id: str = Field(primary_key=True, max_length=256)
    person_id: str = Field(max_length=64, index=True)
    direct_chat_id: str | None = Field(default=None, max_length=256)
    bound_at: datetime = Field(sa_type=UTCDateTime)


class IdentityTable(Identity, table=True):
    __tablename__ = "identities"


class GroupChat(NotifyModel):
    platform: str = Field(primary_key=True, max_length=32)
    chat_id: str = Field(primary_key=True, max_length=256)
    audience: str = Field(max_length=32, index=True)
    language: str = Field(max_length=4)
    registered_by: str = Field(max_length=64)
    registered_at: datetime = Field(sa_type=UTCDateTime)


class GroupChatTable(GroupChat, table=True):
    __tablename__ = "group_chats"


class Notice(NotifyModel):
    id: int | None = Field(default=None, primary_key=True, sa_column_kwargs=SERIAL)
    dedupe_key: str = Field(max_length=512, unique=True)
    platform: str = Field(max_length=32)
    chat_id: str = Field(max_length=256)
    text: str = Field(sa_type=Text)
    reply_to: str | None = Field(default=None, max_length=256)
    correlation_id: str = Field(max_length=64)
    template: str = Field(max_length=100)
    broadcast_id: str | None = Field(default=None, max_length=32)
    audience: str | None = Field(default=None, max_length=32)
    status: str = Field(max_length=12)
    attempts: int
    failures: int
    not_before: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, sa_type=Text)


class NoticeTable(Notice, table=True):
    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_chat_queue", "platform", "chat_id", "status", "id"),
                      Index("ix_notices_broadcast", "broadcast_id"))


class Pacing(NotifyModel):
    """A token bucket: `tokens` as of `updated_at`."""

    scope: str = Field(primary_key=True, max_length=80)
    tokens: float
    updated_at: datetime = Field(sa_type=UTCDateTime)


class PacingTable(Pacing, table=True):
    __tablename__ = "pacing"


class Broadcast(NotifyModel):
    id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(max_length=16)
    audience: str = Field(max_length=32)
    requested_by: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(sa_type=UTCDateTime)
    reported_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class BroadcastTable(Broadcast, table=True):
    __tablename__ = "broadcasts"


class Count(NotifyModel):
    """Figures for the bulletin: per bulletin day, and standing ones (what is still waiting)
    under the sentinel day `domain.days.STANDING`."""

    day: date = Field(primary_key=True)
    name: str = Field(primary_key=True, max_length=32)
    value: int


class CountTable(Count, table=True):
    __tablename__ = "counts"


class BulletinLine(NotifyModel):
    id: int | None = Field(default=None, primary_key=True, sa_column_kwargs=SERIAL)
    day: date = Field(index=True)
    text: str = Field(sa_type=Text)
    person_id: str = Field(max_length=64)
    added_at: datetime = Field(sa_type=UTCDateTime)


class BulletinLineTable(BulletinLine, table=True):
    __tablename__ = "bulletin_lines"


class Bulletin(NotifyModel):
    """One row per posted bulletin: the guard that makes it once per day, whatever restarts."""

    day: date = Field(primary_key=True)
    broadcast_id: str = Field(max_length=32)
    figures: str = Field(sa_type=Text)
    additions: str = Field(sa_type=Text)
    posted_at: datetime = Field(sa_type=UTCDateTime)


class BulletinTable(Bulletin, table=True):
    __tablename__ = "bulletins"


class RackDone(NotifyModel):
    """Delivery's items fully picked up, once each: one `/picked` by a proxy can finish
    several households of a portion at once, each its own event, all saying 0 left."""

    item_id: str = Field(primary_key=True, max_length=32)
    done_at: datetime = Field(sa_type=UTCDateTime)


class RackDoneTable(RackDone, table=True):
    __tablename__ = "rack_done"


class Waiting(NotifyModel):
    """A notice nobody could be reached for (no chat bound, no group registered, nobody on the
    roster there), or that a platform refused: on the committee's unreached list until it is
    settled: sent when its person binds or its group is registered (`delivered`), or no longer
    worth it (`stale`: what it was about ended, `lasts` = that key); past `expires_at` it is
    left out of every look-up. `texts` = the notice in each language (JSON), rendered when it
    was decided."""

    id: int | None = Field(default=None, primary_key=True, sa_column_kwargs=SERIAL)
    dedupe_key: str = Field(max_length=512, unique=True)
    target: str = Field(max_length=300, index=True)
    template: str = Field(max_length=100)
    texts: str = Field(sa_type=Text)
    reason: str = Field(max_length=32)
    error: str | None = Field(default=None, sa_type=Text)
    correlation_id: str = Field(max_length=64)
    lasts: str | None = Field(default=None, max_length=200, index=True)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    settled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outcome: str | None = Field(default=None, max_length=16)


class WaitingTable(Waiting, table=True):
    __tablename__ = "waiting"


class MedicineItem(NotifyModel):
    """Medicine handed in at the gate, for telling whoever filed the request (a building admin
    for a household) when it is on the rack: medicine's hand-off names the requester, holding's
    arrival the gate id (M3); either may come first."""

    request_id: str = Field(primary_key=True, max_length=32)
    arrival_id: str | None = Field(default=None, max_length=32, unique=True)
    requester_id: str | None = Field(default=None, max_length=64)
    language: str | None = Field(default=None, max_length=4)
    building: str | None = Field(default=None, max_length=32)
    room: str | None = Field(default=None, max_length=32)


class MedicineItemTable(MedicineItem, table=True):
    __tablename__ = "medicine_items"


people = PersonTable.__table__
person_roles = PersonRoleTable.__table__
identities = IdentityTable.__table__
group_chats = GroupChatTable.__table__
notices = NoticeTable.__table__
pacing = PacingTable.__table__
broadcasts = BroadcastTable.__table__
counts = CountTable.__table__
bulletin_lines = BulletinLineTable.__table__
bulletins = BulletinTable.__table__
rack_done = RackDoneTable.__table__
waiting = WaitingTable.__table__
medicine_items = MedicineItemTable.__table__
