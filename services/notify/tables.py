"""notify's tables, on its own registry.

`notices` is the heart: every outgoing chat message is a row from the moment it is decided
until it is delivered or reported missed (queued → sent → delivered | missed; a failed send
goes back to queued with a later `not_before`). `pacing` holds the token buckets per chat
and per platform, so the limits survive restarts.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Column, Date, Float, Index, Integer, String, Text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from shared.runtime.tables import UTCDateTime

notify_registry = registry()
MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


class NotifyTable(SQLModel, registry=notify_registry):
    pass


class PersonRow(NotifyTable, table=True):
    __tablename__ = "people"
    __table_args__ = (Index("ix_people_household", "building", "room"), Index("ix_people_role", "role"))
    person_id: str = Field(sa_column=Column(String(64), primary_key=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    role: str = Field(sa_column=Column(String(32), nullable=False))
    building: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    room: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    language: str = Field(sa_column=Column(String(4), nullable=False))


class IdentityRow(NotifyTable, table=True):
    __tablename__ = "identities"
    platform: str = Field(sa_column=Column(String(32), primary_key=True))
    sender_id: str = Field(sa_column=Column(String(256), primary_key=True))
    person_id: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    direct_chat_id: str | None = Field(default=None, sa_column=Column(String(256), nullable=True))
    bound_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class GroupChatRow(NotifyTable, table=True):
    __tablename__ = "group_chats"
    platform: str = Field(sa_column=Column(String(32), primary_key=True))
    chat_id: str = Field(sa_column=Column(String(256), primary_key=True))
    audience: str = Field(sa_column=Column(String(32), nullable=False, index=True))
    language: str = Field(sa_column=Column(String(4), nullable=False))
    registered_by: str = Field(sa_column=Column(String(64), nullable=False))
    registered_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class NoticeRow(NotifyTable, table=True):
    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_chat_queue", "platform", "chat_id", "status", "id"),
                      Index("ix_notices_broadcast", "broadcast_id"))
    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    dedupe_key: str = Field(sa_column=Column(String(512), nullable=False, unique=True))
    platform: str = Field(sa_column=Column(String(32), nullable=False))
    chat_id: str = Field(sa_column=Column(String(256), nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    reply_to: str | None = Field(default=None, sa_column=Column(String(256), nullable=True))
    correlation_id: str = Field(sa_column=Column(String(64), nullable=False))
    template: str = Field(sa_column=Column(String(100), nullable=False))
    broadcast_id: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    audience: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    status: str = Field(sa_column=Column(String(12), nullable=False))
    attempts: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    failures: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    not_before: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    done_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class PacingRow(NotifyTable, table=True):
    """A token bucket: `tokens` as of `updated_at`."""

    __tablename__ = "pacing"
    scope: str = Field(sa_column=Column(String(80), primary_key=True))
    tokens: float = Field(sa_column=Column(Float, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class BroadcastRow(NotifyTable, table=True):
    __tablename__ = "broadcasts"
    id: str = Field(sa_column=Column(String(32), primary_key=True))
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    audience: str = Field(sa_column=Column(String(32), nullable=False))
    requested_by: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    reported_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class CountRow(NotifyTable, table=True):
    """Figures for the bulletin: per bulletin day, and standing ones (what is still waiting)
    under the sentinel day `domain.days.STANDING`."""

    __tablename__ = "counts"
    day: date = Field(sa_column=Column(Date, primary_key=True))
    name: str = Field(sa_column=Column(String(32), primary_key=True))
    value: int = Field(sa_column=Column(Integer, nullable=False))


class BulletinLineRow(NotifyTable, table=True):
    __tablename__ = "bulletin_lines"
    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    day: date = Field(sa_column=Column(Date, nullable=False, index=True))
    text: str = Field(sa_column=Column(Text, nullable=False))
    person_id: str = Field(sa_column=Column(String(64), nullable=False))
    added_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class BulletinRow(NotifyTable, table=True):
    """One row per posted bulletin: the guard that makes it once per day, whatever restarts."""

    __tablename__ = "bulletins"
    day: date = Field(sa_column=Column(Date, primary_key=True))
    broadcast_id: str = Field(sa_column=Column(String(32), nullable=False))
    figures: str = Field(sa_column=Column(Text, nullable=False))
    additions: str = Field(sa_column=Column(Text, nullable=False))
    posted_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))

class RackDoneRow(NotifyTable, table=True):
    """Delivery's items fully picked up, once each: one `/picked` by a proxy can finish
    several households of a portion at once, each its own event, all saying 0 left."""

    __tablename__ = "rack_done"
    item_id: str = Field(sa_column=Column(String(32), primary_key=True))
    done_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


people = PersonRow.__table__
identities = IdentityRow.__table__
group_chats = GroupChatRow.__table__
notices = NoticeRow.__table__
pacing = PacingRow.__table__
broadcasts = BroadcastRow.__table__
counts = CountRow.__table__
bulletin_lines = BulletinLineRow.__table__
bulletins = BulletinRow.__table__
rack_done = RackDoneRow.__table__
metadata = notify_registry.metadata
