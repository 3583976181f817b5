"""delivery's tables, on its own registry: its read models (people from intake, order
sheets from vetting), released deliveries, the items to carry and their hand-outs per
household, the proxies households named."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Boolean, Column, Index, Integer
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from shared.runtime.tables import UTCDateTime, text_column

delivery_registry = registry()
MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


class DeliveryTable(SQLModel, registry=delivery_registry):
    pass


class PersonRow(DeliveryTable, table=True):
    """Read model from intake's `person.registered`: who lives where, who administers."""

    __tablename__ = "people"
    __table_args__ = (Index("ix_people_household", "building", "room"),)
    person_id: str = Field(sa_column=text_column(32, primary_key=True))
    name: str = Field(sa_column=text_column(200, nullable=False))
    role: str = Field(sa_column=text_column(32, nullable=False))
    building: str | None = Field(default=None, sa_column=text_column(16))
    room: str | None = Field(default=None, sa_column=text_column(16))
    language: str = Field(sa_column=text_column(4, nullable=False))


class SheetRow(DeliveryTable, table=True):
    """Read model from vetting's `sheet.issued` (its lines in `sheet_lines`)."""

    __tablename__ = "sheets"
    groupbuy_id: str = Field(sa_column=text_column(32, primary_key=True))
    vendor_id: str = Field(sa_column=text_column(32, nullable=False))
    vendor_name: str = Field(sa_column=text_column(256, nullable=False))


class SheetLineRow(DeliveryTable, table=True):
    __tablename__ = "sheet_lines"
    groupbuy_id: str = Field(sa_column=text_column(32, primary_key=True))
    building: str = Field(sa_column=text_column(16, primary_key=True))
    room: str = Field(sa_column=text_column(16, primary_key=True))
    item: str = Field(sa_column=text_column(200, primary_key=True))
    qty: int = Field(sa_column=Column(Integer, nullable=False))


class DeliveryRow(DeliveryTable, table=True):
    """A released arrival: awaiting_sheet, planned or held_back."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_groupbuy", "groupbuy_id", "state"),)
    arrival_id: str = Field(sa_column=text_column(16, primary_key=True))
    kind: str = Field(sa_column=text_column(16, nullable=False))
    groupbuy_id: str | None = Field(default=None, sa_column=text_column(32))
    building: str | None = Field(default=None, sa_column=text_column(16))
    room: str | None = Field(default=None, sa_column=text_column(16))
    boxes: int | None = Field(default=None, sa_column=Column(Integer))
    note: str | None = Field(default=None, sa_column=text_column())
    state: str = Field(sa_column=text_column(16, nullable=False))
    released_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class ItemRow(DeliveryTable, table=True):
    """One thing on (or for) one building's rack: a parcel, medicine or a portion."""

    __tablename__ = "items"
    __table_args__ = (Index("ix_items_state", "state"), Index("ix_items_building", "building"))
    item_id: str = Field(sa_column=text_column(16, primary_key=True))
    arrival_id: str = Field(sa_column=text_column(16, nullable=False, index=True))
    kind: str = Field(sa_column=text_column(16, nullable=False))
    groupbuy_id: str | None = Field(default=None, sa_column=text_column(32))
    vendor_name: str | None = Field(default=None, sa_column=text_column(256))
    building: str = Field(sa_column=text_column(16, nullable=False))
    room: str | None = Field(default=None, sa_column=text_column(16))
    note: str | None = Field(default=None, sa_column=text_column())
    state: str = Field(sa_column=text_column(16, nullable=False))
    released_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    slot: str | None = Field(default=None, sa_column=text_column(32))
    racked_by: str | None = Field(default=None, sa_column=text_column(32))
    racked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    escalated_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    done_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))


class HandoutRow(DeliveryTable, table=True):
    """What one household takes from an item (a parcel: all of it; a portion: its lines)."""

    __tablename__ = "handouts"
    item_id: str = Field(sa_column=text_column(16, primary_key=True))
    room: str = Field(sa_column=text_column(16, primary_key=True))
    lines: str = Field(default="[]", sa_column=text_column(nullable=False))
    picked_by: str | None = Field(default=None, sa_column=text_column(32))
    by_proxy: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    picked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))


class ProxyRow(DeliveryTable, table=True):
    """A person a household named to pick up for it."""

    __tablename__ = "proxies"
    __table_args__ = (Index("ix_proxies_proxy", "proxy_id"),)
    building: str = Field(sa_column=text_column(16, primary_key=True))
    room: str = Field(sa_column=text_column(16, primary_key=True))
    proxy_id: str = Field(sa_column=text_column(32, primary_key=True))
    named_by: str = Field(sa_column=text_column(32, nullable=False))
    named_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


metadata = delivery_registry.metadata
people = PersonRow.__table__
sheets = SheetRow.__table__
sheet_lines = SheetLineRow.__table__
deliveries = DeliveryRow.__table__
items = ItemRow.__table__
handouts = HandoutRow.__table__
proxies = ProxyRow.__table__
