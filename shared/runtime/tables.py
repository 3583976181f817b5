"""The runtime's own tables, created in every service's store beside its domain tables:
outbox (events waiting for the relay), inbox (ids already handled) and timers (due rows).

SQLModel classes on the runtime's own `MetaData`, as every service's tables (docs/runtime.md):
a plain row model and its table class; the runtime runs only Core statements, on the tables
named at the end. The outbox's partial index lives in `partial_index.py` (its PostgreSQL
condition would load that dialect into every process), attached by what builds or compares
the schema (alembic's runs, through `migrate.context_options`)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, Index, LargeBinary, MetaData, String, Text, TypeDecorator
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

runtime_metadata = MetaData()  # the runtime's own line of migrations (shared/runtime/migrations)


def text_column(name: str, length: int | None = None, **kw) -> Column:
    """A string column: bounded VARCHAR when a length is given, else TEXT."""
    return Column(name, String(length) if length else Text, **kw)


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


class RuntimeModel(SQLModel, registry=registry(metadata=runtime_metadata)):
    """The runtime's tables in every store (the runtime's own alembic version line)."""


class OutboxRow(RuntimeModel):
    """An event waiting for the relay (`sent_at` null) or published."""

    seq: int | None = Field(default=None, primary_key=True, sa_column_kwargs={"autoincrement": True})
    msg_id: str = Field(max_length=128, unique=True)
    subject: str = Field(max_length=255)
    payload: bytes = Field(sa_type=LargeBinary)
    created_at: datetime = Field(sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # its partial index on unsent rows is declared in partial_index.py (why: there)


class OutboxTable(OutboxRow, table=True):
    __tablename__ = "outbox"


class InboxRow(RuntimeModel):
    """A message a consumer handled: its redelivered copies are skipped."""

    consumer: str = Field(primary_key=True, max_length=64)
    message_key: str = Field(primary_key=True, max_length=512)
    handled_at: datetime = Field(sa_type=UTCDateTime, index=True)


class InboxTable(InboxRow, table=True):
    __tablename__ = "inbox"


class TimerRow(RuntimeModel):
    """A timer: fired (and deleted) once it is due."""

    id: int | None = Field(default=None, primary_key=True, sa_column_kwargs={"autoincrement": True})
    kind: str = Field(max_length=64)
    key: str = Field(max_length=255)
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    data: str = Field(sa_type=Text)


class TimerTable(TimerRow, table=True):
    __tablename__ = "timers"
    __table_args__ = (Index("ux_timers_kind_key", "kind", "key", unique=True),)


class IdCounterRow(RuntimeModel):
    """The last number given per kind of short human id (see counters.py)."""

    kind: str = Field(primary_key=True, max_length=16)
    value: int


class IdCounterTable(IdCounterRow, table=True):
    __tablename__ = "id_counters"


outbox = OutboxTable.__table__
inbox = InboxTable.__table__
timers = TimerTable.__table__
id_counters = IdCounterTable.__table__
