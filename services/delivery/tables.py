"""delivery's tables: SQLModel classes on delivery's own `metadata` (its alembic version line):
its read models (people from intake, order sheets from vetting), released deliveries, the
items to carry and their hand-outs per household, the proxies households named.

As in vetting (docs/runtime.md): each row's shape once as a plain model, its table class
(`…Table`, `table=True`) beside it, Core statements on the tables named below as before.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Index, MetaData, Text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from shared.runtime.tables import UTCDateTime

MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


class DeliveryModel(SQLModel, registry=registry(metadata=MetaData())):
    """delivery's tables only, beside the runtime's in its store."""


metadata = DeliveryModel.metadata


class Person(DeliveryModel):
    """Read model from intake's `person.registered`: who lives where (anyone with a room is
    a resident of it), who administers which building (`admin_building`)."""

    person_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    role: str = Field(max_length=32)
    building: str | None = Field(default=None, max_length=16)
    room: str | None = Field(default=None, max_length=16)
    language: str = Field(max_length=4)
    admin_building: str | None = Field(default=None, max_length=16)


class PersonTable(Person, table=True):
    __tablename__ = "people"
    __table_args__ = (Index("ix_people_household", "building", "room"),)


class Sheet(DeliveryModel):
    """Read model from vetting's `sheet.issued` (its lines in `sheet_lines`)."""

    groupbuy_id: str = Field(primary_key=True, max_length=32)
    vendor_id: str = Field(max_length=32)
    vendor_name: str = Field(max_length=256)


class SheetTable(Sheet, table=True):
    __tablename__ = "sheets"


class SheetLine(DeliveryModel):
    groupbuy_id: str = Field(primary_key=True, max_length=32)
    building: str = Field(primary_key=True, max_length=16)
    room: str = Field(primary_key=True, max_length=16)
    item: str = Field(primary_key=True, max_length=200)
    qty: int


class SheetLineTable(SheetLine, table=True):
    __tablename__ = "sheet_lines"


class Delivery(DeliveryModel):
    """A released arrival: awaiting_sheet, planned or held_back."""

    arrival_id: str = Field(primary_key=True, max_length=16)
    kind: str = Field(max_length=16)
    groupbuy_id: str | None = Field(default=None, max_length=32)
    building: str | None = Field(default=None, max_length=16)
    room: str | None = Field(default=None, max_length=16)
    boxes: int | None = None
    note: str | None = Field(default=None, sa_type=Text)
    state: str = Field(max_length=16)
    released_at: datetime = Field(sa_type=UTCDateTime)


class DeliveryTable(Delivery, table=True):
    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_groupbuy", "groupbuy_id", "state"),)


class Item(DeliveryModel):
    """One thing on (or for) one building's rack: a parcel, medicine or a portion."""

    item_id: str = Field(primary_key=True, max_length=16)
    arrival_id: str = Field(max_length=16, index=True)
    kind: str = Field(max_length=16)
    groupbuy_id: str | None = Field(default=None, max_length=32)
    vendor_name: str | None = Field(default=None, max_length=256)
    building: str = Field(max_length=16)
    room: str | None = Field(default=None, max_length=16)
    note: str | None = Field(default=None, sa_type=Text)
    state: str = Field(max_length=16)
    released_at: datetime = Field(sa_type=UTCDateTime)
    slot: str | None = Field(default=None, max_length=32)
    racked_by: str | None = Field(default=None, max_length=32)
    racked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    escalated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ItemTable(Item, table=True):
    __tablename__ = "items"
    __table_args__ = (Index("ix_items_state", "state"), Index("ix_items_building", "building"))


class Handout(DeliveryModel):
    """What one household takes from an item (a parcel: all of it; a portion: its lines)."""

    item_id: str = Field(primary_key=True, max_length=16)
    room: str = Field(primary_key=True, max_length=16)
    lines: str = Field(sa_type=Text)
    picked_by: str | None = Field(default=None, max_length=32)
    by_proxy: bool
    picked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class HandoutTable(Handout, table=True):
    __tablename__ = "handouts"


class Proxy(DeliveryModel):
    """A person a household named to pick up for it."""

    building: str = Field(primary_key=True, max_length=16)
    room: str = Field(primary_key=True, max_length=16)
    proxy_id: str = Field(primary_key=True, max_length=32)
    named_by: str = Field(max_length=32)
    named_at: datetime = Field(sa_type=UTCDateTime)


class ProxyTable(Proxy, table=True):
    __tablename__ = "proxies"
    __table_args__ = (Index("ix_proxies_proxy", "proxy_id"),)


people = PersonTable.__table__
sheets = SheetTable.__table__
sheet_lines = SheetLineTable.__table__
deliveries = DeliveryTable.__table__
items = ItemTable.__table__
handouts = HandoutTable.__table__
proxies = ProxyTable.__table__
