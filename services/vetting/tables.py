"""vetting's tables: SQLModel classes on vetting's own `metadata` (its alembic version line).

Prices are stored as text so SQLite and PostgreSQL keep them exact. `items.ordered` is the
live total of the item's order lines, updated with each line change, so progress towards
the minimum costs one row read, not a sum over every household.

Each row's shape is said once, as a plain model (`Vendor`: what a read hands a handler,
~9 µs to build from a row, where a table model's instrumented object costs ~65 µs) with its
table class beside it (`VendorTable`, `table=True`). Statements are Core, built once on
`VendorTable.__table__` (named below as before: `vendors`, `items`, …): an ORM session and an
object per message cost ~400 µs. The DDL is column for column what the Core tables made
(`lastmile db check`), so no migration came with them.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import BigInteger, Index, MetaData
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from shared.runtime.tables import UTCDateTime

MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


class VettingModel(SQLModel, registry=registry(metadata=MetaData())):
    """vetting's tables only, beside the runtime's in its store."""


metadata = VettingModel.metadata


class Vendor(VettingModel):
    id: str = Field(primary_key=True, max_length=16)
    name: str = Field(max_length=200)
    guaranteed: bool
    status: str = Field(max_length=16)
    registered_by: str = Field(max_length=64)
    registered_at: datetime = Field(sa_type=UTCDateTime)


class VendorTable(Vendor, table=True):
    __tablename__ = "vendors"


class Licence(VettingModel):
    vendor_id: str = Field(primary_key=True, max_length=16)
    kind: str = Field(primary_key=True, max_length=16)
    number: str = Field(max_length=100)
    expires_on: date


class LicenceTable(Licence, table=True):
    __tablename__ = "licences"


class GroupBuy(VettingModel):
    id: str = Field(primary_key=True, max_length=16)
    vendor_id: str = Field(max_length=16)
    leader_id: str = Field(max_length=64)
    leader_language: str = Field(max_length=4)
    status: str = Field(max_length=16)
    deadline: datetime = Field(sa_type=UTCDateTime)
    proposed_at: datetime = Field(sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class GroupBuyTable(GroupBuy, table=True):
    __tablename__ = "groupbuys"
    __table_args__ = (Index("ix_groupbuys_vendor_status", "vendor_id", "status"),)


class Item(VettingModel):
    groupbuy_id: str = Field(primary_key=True, max_length=16)
    name: str = Field(primary_key=True, max_length=100)
    name_en: str | None = Field(default=None, max_length=100)  # the leader's English name (`青菜/greens 5`)
    position: int
    category: str = Field(max_length=64)
    price: str = Field(max_length=32)
    min_qty: int | None = None
    ordered: int


class ItemTable(Item, table=True):
    __tablename__ = "items"


class OrderLine(VettingModel):
    groupbuy_id: str = Field(primary_key=True, max_length=16)
    building: str = Field(primary_key=True, max_length=32)
    room: str = Field(primary_key=True, max_length=32)
    item: str = Field(primary_key=True, max_length=100)
    qty: int
    person_id: str = Field(max_length=64)
    language: str = Field(max_length=4)
    message_key: str = Field(max_length=512)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class OrderLineTable(OrderLine, table=True):
    __tablename__ = "order_lines"


class OrderMessage(VettingModel):
    """The latest revision of each chat message that ordered, and what it set: an edit
    replaces that, and an older revision arriving late changes nothing."""

    message_key: str = Field(primary_key=True, max_length=512)
    revision: int = Field(sa_type=BigInteger)  # Matrix edits: a timestamp in ms
    groupbuy_id: str | None = Field(default=None, max_length=16)
    item: str | None = Field(default=None, max_length=100)


class OrderMessageTable(OrderMessage, table=True):
    __tablename__ = "order_messages"


vendors = VendorTable.__table__
licences = LicenceTable.__table__
groupbuys = GroupBuyTable.__table__
items = ItemTable.__table__
order_lines = OrderLineTable.__table__
order_messages = OrderMessageTable.__table__
