"""delivery's tables (Core, on its own `MetaData`): its read models (people from intake, order
sheets from vetting), released deliveries, the items to carry and their hand-outs per
household, the proxies households named."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Boolean, Column, Index, Integer, MetaData, Table

from shared.runtime.tables import UTCDateTime, text_column

metadata = MetaData()  # delivery's tables only, beside the runtime's in its store
MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


# Read model from intake's `person.registered`: who lives where (anyone with a room is a
# resident of it), who administers which building (`admin_building`).
people = Table(
    "people", metadata,
    text_column("person_id", 32, primary_key=True),
    text_column("name", 200, nullable=False),
    text_column("role", 32, nullable=False),
    text_column("building", 16),
    text_column("room", 16),
    text_column("language", 4, nullable=False),
    text_column("admin_building", 16),
    Index("ix_people_household", "building", "room"),
)

# Read model from vetting's `sheet.issued` (its lines in `sheet_lines`).
sheets = Table(
    "sheets", metadata,
    text_column("groupbuy_id", 32, primary_key=True),
    text_column("vendor_id", 32, nullable=False),
    text_column("vendor_name", 256, nullable=False),
)

sheet_lines = Table(
    "sheet_lines", metadata,
    text_column("groupbuy_id", 32, primary_key=True),
    text_column("building", 16, primary_key=True),
    text_column("room", 16, primary_key=True),
    text_column("item", 200, primary_key=True),
    Column("qty", Integer, nullable=False),
)

# A released arrival: awaiting_sheet, planned or held_back.
deliveries = Table(
    "deliveries", metadata,
    text_column("arrival_id", 16, primary_key=True),
    text_column("kind", 16, nullable=False),
    text_column("groupbuy_id", 32),
    text_column("building", 16),
    text_column("room", 16),
    Column("boxes", Integer),
    text_column("note"),
    text_column("state", 16, nullable=False),
    Column("released_at", UTCDateTime, nullable=False),
    Index("ix_deliveries_groupbuy", "groupbuy_id", "state"),
)

# One thing on (or for) one building's rack: a parcel, medicine or a portion.
items = Table(
    "items", metadata,
    text_column("item_id", 16, primary_key=True),
    text_column("arrival_id", 16, nullable=False, index=True),
    text_column("kind", 16, nullable=False),
    text_column("groupbuy_id", 32),
    text_column("vendor_name", 256),
    text_column("building", 16, nullable=False),
    text_column("room", 16),
    text_column("note"),
    text_column("state", 16, nullable=False),
    Column("released_at", UTCDateTime, nullable=False),
    text_column("slot", 32),
    text_column("racked_by", 32),
    Column("racked_at", UTCDateTime),
    Column("escalated_at", UTCDateTime),
    Column("done_at", UTCDateTime),
    Index("ix_items_state", "state"),
    Index("ix_items_building", "building"),
)

# What one household takes from an item (a parcel: all of it; a portion: its lines).
handouts = Table(
    "handouts", metadata,
    text_column("item_id", 16, primary_key=True),
    text_column("room", 16, primary_key=True),
    text_column("lines", nullable=False),
    text_column("picked_by", 32),
    Column("by_proxy", Boolean, nullable=False),
    Column("picked_at", UTCDateTime),
)

# A person a household named to pick up for it.
proxies = Table(
    "proxies", metadata,
    text_column("building", 16, primary_key=True),
    text_column("room", 16, primary_key=True),
    text_column("proxy_id", 32, primary_key=True),
    text_column("named_by", 32, nullable=False),
    Column("named_at", UTCDateTime, nullable=False),
    Index("ix_proxies_proxy", "proxy_id"),
)
