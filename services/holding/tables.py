"""holding's tables (Core, on its own `MetaData`): arrivals in the gate area, the refusals
and extensions on record, its read model of vetting's vendors and group buys."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Float, Index, Integer, MetaData, Table

from shared.runtime.tables import UTCDateTime, text_column

metadata = MetaData()  # holding's tables only, beside the runtime's in its store
MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


arrivals = Table(
    "arrivals", metadata,
    text_column("arrival_id", 16, primary_key=True),
    text_column("kind", 16, nullable=False),
    text_column("groupbuy_id", 32),
    text_column("vendor_id", 32),
    Column("boxes", Integer),
    text_column("building", 32),
    text_column("room", 32),
    text_column("note"),
    text_column("state", 32, nullable=False),
    text_column("message_key", 512, nullable=False, unique=True),
    text_column("registered_by", 64, nullable=False),
    Column("registered_at", UTCDateTime, nullable=False),
    Column("disinfect_by", UTCDateTime, nullable=False),
    Column("overdue_at", UTCDateTime),
    text_column("disinfected_by", 64),
    Column("disinfected_at", UTCDateTime),
    text_column("method", 64),
    text_column("zone", 16),
    Column("hold_hours", Float),
    Column("due_at", UTCDateTime),
    Column("released_at", UTCDateTime),
    Index("ix_arrivals_state", "state"),
)

extensions = Table(
    "extensions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    text_column("arrival_id", 16, nullable=False, index=True),
    text_column("by", 64, nullable=False),
    Column("hours", Float, nullable=False),
    text_column("reason", nullable=False),
    Column("previous_due_at", UTCDateTime, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

refusals = Table(
    "refusals", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    text_column("kind", 16, nullable=False),
    text_column("groupbuy_ref", 32),
    text_column("reason", 64, nullable=False),
    text_column("params", nullable=False),
    text_column("by", 64, nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

# Read model from vetting: open, closed (after being open) or refused.
groupbuys = Table(
    "groupbuys", metadata,
    text_column("groupbuy_id", 32, primary_key=True),
    text_column("vendor_id", 32),
    text_column("state", 16, nullable=False),
    text_column("reason", 64),
)

# Read model from vetting: approved or suspended.
vendors = Table(
    "vendors", metadata,
    text_column("vendor_id", 32, primary_key=True),
    text_column("name", 256, nullable=False),
    text_column("state", 16, nullable=False),
    text_column("reason", 64),
)

# Gate-wide values changed at run time (the zone level).
gate_settings = Table(
    "gate_settings", metadata,
    text_column("name", 32, primary_key=True),
    text_column("value", 64, nullable=False),
)

# Read model from intake's roster: who lives where, so a parcel for a room nobody on the
# roster lives in is refused at the gate. A person moved to another room is updated in place.
residents = Table(
    "residents", metadata,
    text_column("person_id", 64, primary_key=True),
    text_column("building", 32),
    text_column("room", 32),
    Index("ix_residents_home", "building", "room"),
)
