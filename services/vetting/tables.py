"""vetting's tables, on its own registry (never SQLModel's default one).

Prices are stored as text so SQLite and PostgreSQL keep them exact. `items.ordered` is the
live total of the item's order lines, updated with each line change, so progress towards
the minimum costs one row read, not a sum over every household.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Boolean, Column, Date, Index, Integer, String
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from shared.runtime.tables import UTCDateTime

vetting_registry = registry()
MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


class VettingTable(SQLModel, registry=vetting_registry):
    pass




class VendorRow(VettingTable, table=True):
    __tablename__ = "vendors"
    id: str = Field(sa_column=Column(String(16), primary_key=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    guaranteed: bool = Field(sa_column=Column(Boolean, nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    registered_by: str = Field(sa_column=Column(String(64), nullable=False))
    registered_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class LicenceRow(VettingTable, table=True):
    __tablename__ = "licences"
    vendor_id: str = Field(sa_column=Column(String(16), primary_key=True))
    kind: str = Field(sa_column=Column(String(16), primary_key=True))
    number: str = Field(sa_column=Column(String(100), nullable=False))
    expires_on: date = Field(sa_column=Column(Date, nullable=False))


class GroupBuyRow(VettingTable, table=True):
    __tablename__ = "groupbuys"
    __table_args__ = (Index("ix_groupbuys_vendor_status", "vendor_id", "status"),)
    id: str = Field(sa_column=Column(String(16), primary_key=True))
    vendor_id: str = Field(sa_column=Column(String(16), nullable=False))
    leader_id: str = Field(sa_column=Column(String(64), nullable=False))
    leader_language: str = Field(sa_column=Column(String(4), nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    deadline: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    proposed_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class ItemRow(VettingTable, table=True):
    __tablename__ = "items"
    groupbuy_id: str = Field(sa_column=Column(String(16), primary_key=True))
    name: str = Field(sa_column=Column(String(100), primary_key=True))
    position: int = Field(sa_column=Column(Integer, nullable=False))
    category: str = Field(sa_column=Column(String(64), nullable=False))
    price: str = Field(sa_column=Column(String(32), nullable=False))
    min_qty: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    ordered: int = Field(default=0, sa_column=Column(Integer, nullable=False))


class OrderLineRow(VettingTable, table=True):
    __tablename__ = "order_lines"
    groupbuy_id: str = Field(sa_column=Column(String(16), primary_key=True))
    building: str = Field(sa_column=Column(String(32), primary_key=True))
    room: str = Field(sa_column=Column(String(32), primary_key=True))
    item: str = Field(sa_column=Column(String(100), primary_key=True))
    qty: int = Field(sa_column=Column(Integer, nullable=False))
    person_id: str = Field(sa_column=Column(String(64), nullable=False))
    language: str = Field(sa_column=Column(String(4), nullable=False))
    message_key: str = Field(sa_column=Column(String(512), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class OrderMessageRow(VettingTable, table=True):
    """The latest revision of each chat message that ordered, and what it set: an edit
    replaces that, and an older revision arriving late changes nothing."""

    __tablename__ = "order_messages"
    message_key: str = Field(sa_column=Column(String(512), primary_key=True))
    revision: int = Field(sa_column=Column(Integer, nullable=False))
    groupbuy_id: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    item: str | None = Field(default=None, sa_column=Column(String(100), nullable=True))


vendors = VendorRow.__table__
licences = LicenceRow.__table__
groupbuys = GroupBuyRow.__table__
items = ItemRow.__table__
order_lines = OrderLineRow.__table__
order_messages = OrderMessageRow.__table__
metadata = vetting_registry.metadata
