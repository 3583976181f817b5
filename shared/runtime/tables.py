"""The runtime's own tables, created in every service's store beside its domain tables:
outbox (events waiting for the relay), inbox (ids already handled) and timers (due rows).

Every table of lastmile is a SQLAlchemy Core `Table` on its module's own `MetaData`: the
runtime runs only Core statements, and ORM classes would load SQLAlchemy's ORM into every
service process for nothing (with sqlmodel: 6.5 MiB resident each, measured). For the same
reason the outbox's partial index lives in `partial_index.py`, attached by what builds or
compares the schema (alembic's runs, through `migrate.context_options`)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (Column, DateTime, Index, Integer, LargeBinary, MetaData, String, Table, Text,
                        TypeDecorator)

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


outbox = Table(
    "outbox", runtime_metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("msg_id", String(128), nullable=False, unique=True),
    Column("subject", String(255), nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime, nullable=True),
    # its partial index on unsent rows is declared in partial_index.py (why: there)
)

inbox = Table(
    "inbox", runtime_metadata,
    Column("consumer", String(64), primary_key=True),
    Column("message_key", String(512), primary_key=True),
    Column("handled_at", UTCDateTime, nullable=False, index=True),
)

timers = Table(
    "timers", runtime_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(64), nullable=False),
    Column("key", String(255), nullable=False),
    Column("due_at", UTCDateTime, nullable=False, index=True),
    Column("data", Text, nullable=False),
    Index("ux_timers_kind_key", "kind", "key", unique=True),
)

# The last number given per kind of short human id (see counters.py).
id_counters = Table(
    "id_counters", runtime_metadata,
    Column("kind", String(16), primary_key=True),
    Column("value", Integer, nullable=False),
)
