"""vetting's tables (Core, on its own `MetaData`).

Prices are stored as text so SQLite and PostgreSQL keep them exact. `items.ordered` is the
live total of the item's order lines, updated with each line change, so progress towards
the minimum costs one row read, not a sum over every household.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import BigInteger, Boolean, Column, Date, Index, Integer, MetaData, String, Table

from shared.runtime.tables import UTCDateTime

metadata = MetaData()  # vetting's tables only, beside the runtime's in its store
MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


vendors = Table(
    "vendors", metadata,
    Column("id", String(16), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("guaranteed", Boolean, nullable=False),
    Column("status", String(16), nullable=False),
    Column("registered_by", String(64), nullable=False),
    Column("registered_at", UTCDateTime, nullable=False),
)

licences = Table(
    "licences", metadata,
    Column("vendor_id", String(16), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("number", String(100), nullable=False),
    Column("expires_on", Date, nullable=False),
)

groupbuys = Table(
    "groupbuys", metadata,
    Column("id", String(16), primary_key=True),
    Column("vendor_id", String(16), nullable=False),
    Column("leader_id", String(64), nullable=False),
    Column("leader_language", String(4), nullable=False),
    Column("status", String(16), nullable=False),
    Column("deadline", UTCDateTime, nullable=False),
    Column("proposed_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime, nullable=True),
    Index("ix_groupbuys_vendor_status", "vendor_id", "status"),
)

items = Table(
    "items", metadata,
    Column("groupbuy_id", String(16), primary_key=True),
    Column("name", String(100), primary_key=True),
    Column("name_en", String(100), nullable=True),  # the leader's English name (`青菜/greens 5`)
    Column("position", Integer, nullable=False),
    Column("category", String(64), nullable=False),
    Column("price", String(32), nullable=False),
    Column("min_qty", Integer, nullable=True),
    Column("ordered", Integer, nullable=False),
)

order_lines = Table(
    "order_lines", metadata,
    Column("groupbuy_id", String(16), primary_key=True),
    Column("building", String(32), primary_key=True),
    Column("room", String(32), primary_key=True),
    Column("item", String(100), primary_key=True),
    Column("qty", Integer, nullable=False),
    Column("person_id", String(64), nullable=False),
    Column("language", String(4), nullable=False),
    Column("message_key", String(512), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# The latest revision of each chat message that ordered, and what it set: an edit
# replaces that, and an older revision arriving late changes nothing.
order_messages = Table(
    "order_messages", metadata,
    Column("message_key", String(512), primary_key=True),
    Column("revision", BigInteger, nullable=False),  # Matrix edits: a timestamp in ms
    Column("groupbuy_id", String(16), nullable=True),
    Column("item", String(100), nullable=True),
)
