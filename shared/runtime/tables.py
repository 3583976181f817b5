"""The runtime's own tables, created in every service's store beside its domain tables:
outbox (events waiting for the relay), inbox (ids already handled) and timers (due rows)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, Index, Integer, LargeBinary, String, Text, TypeDecorator
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

runtime_registry = registry()


def text_column(length: int | None = None, **kw) -> Column:
    """A string column: bounded VARCHAR when a length is given, else TEXT."""
    return Column(String(length) if length else Text, **kw)


class UTCDateTime(TypeDecorator):
    """Timezone-aware in Python, UTC in the database (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


class RuntimeTable(SQLModel, registry=runtime_registry):
    pass


class OutboxRow(RuntimeTable, table=True):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_unsent", "seq", sqlite_where=Column("sent_at").is_(None),
              postgresql_where=Column("sent_at").is_(None)),
    )
    seq: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    msg_id: str = Field(sa_column=Column(String(128), nullable=False, unique=True))
    subject: str = Field(sa_column=Column(String(255), nullable=False))
    payload: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class InboxRow(RuntimeTable, table=True):
    __tablename__ = "inbox"
    consumer: str = Field(sa_column=Column(String(64), primary_key=True))
    message_key: str = Field(sa_column=Column(String(512), primary_key=True))
    handled_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))


class TimerRow(RuntimeTable, table=True):
    __tablename__ = "timers"
    __table_args__ = (Index("ux_timers_kind_key", "kind", "key", unique=True),)
    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    kind: str = Field(sa_column=Column(String(64), nullable=False))
    key: str = Field(sa_column=Column(String(255), nullable=False))
    due_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))
    data: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class IdCounterRow(RuntimeTable, table=True):
    """The last number given per kind of short human id (see counters.py)."""

    __tablename__ = "id_counters"
    kind: str = Field(sa_column=Column(String(16), primary_key=True))
    value: int = Field(sa_column=Column(Integer, nullable=False))


outbox = OutboxRow.__table__
inbox = InboxRow.__table__
timers = TimerRow.__table__
id_counters = IdCounterRow.__table__
