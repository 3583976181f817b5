"""holding's tables: SQLModel classes on holding's own `metadata` (its alembic version line):
arrivals in the gate area, the refusals and extensions on record, its read model of
vetting's vendors and group buys, and of intake's roster.

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


class HoldingModel(SQLModel, registry=registry(metadata=MetaData())):
    """holding's tables only, beside the runtime's in its store."""


metadata = HoldingModel.metadata


class Arrival(HoldingModel):
    arrival_id: str = Field(primary_key=True, max_length=16)
    kind: str = Field(max_length=16)
    groupbuy_id: str | None = Field(default=None, max_length=32)
    vendor_id: str | None = Field(default=None, max_length=32)
    boxes: int | None = None
    building: str | None = Field(default=None, max_length=32)
    room: str | None = Field(default=None, max_length=32)
    note: str | None = Field(default=None, sa_type=Text)
    state: str = Field(max_length=32)
    message_key: str = Field(max_length=512, unique=True)
    registered_by: str = Field(max_length=64)
    registered_at: datetime = Field(sa_type=UTCDateTime)
    disinfect_by: datetime = Field(sa_type=UTCDateTime)
    overdue_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    disinfected_by: str | None = Field(default=None, max_length=64)
    disinfected_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    method: str | None = Field(default=None, max_length=64)
    zone: str | None = Field(default=None, max_length=16)
    hold_hours: float | None = None
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    released_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ArrivalTable(Arrival, table=True):
    __tablename__ = "arrivals"
    __table_args__ = (Index("ix_arrivals_state", "state"),)


class Extension(HoldingModel):
    id: int | None = Field(default=None, primary_key=True, sa_column_kwargs={"autoincrement": True})
    arrival_id: str = Field(max_length=16, index=True)
    by: str = Field(max_length=64)
    hours: float
    reason: str = Field(sa_type=Text)
    previous_due_at: datetime = Field(sa_type=UTCDateTime)
    due_at: datetime = Field(sa_type=UTCDateTime)
    at: datetime = Field(sa_type=UTCDateTime)


class ExtensionTable(Extension, table=True):
    __tablename__ = "extensions"


class Refusal(HoldingModel):
    id: int | None = Field(default=None, primary_key=True, sa_column_kwargs={"autoincrement": True})
    kind: str = Field(max_length=16)
    groupbuy_ref: str | None = Field(default=None, max_length=32)
    reason: str = Field(max_length=64)
    params: str = Field(sa_type=Text)
    by: str = Field(max_length=64)
    at: datetime = Field(sa_type=UTCDateTime)


class RefusalTable(Refusal, table=True):
    __tablename__ = "refusals"


class GroupBuy(HoldingModel):
    """Read model from vetting: open, closed (after being open) or refused."""

    groupbuy_id: str = Field(primary_key=True, max_length=32)
    vendor_id: str | None = Field(default=None, max_length=32)
    state: str = Field(max_length=16)
    reason: str | None = Field(default=None, max_length=64)


class GroupBuyTable(GroupBuy, table=True):
    __tablename__ = "groupbuys"


class Vendor(HoldingModel):
    """Read model from vetting: approved or suspended."""

    vendor_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=256)
    state: str = Field(max_length=16)
    reason: str | None = Field(default=None, max_length=64)


class VendorTable(Vendor, table=True):
    __tablename__ = "vendors"


class GateSetting(HoldingModel):
    """Gate-wide values changed at run time (the zone level)."""

    name: str = Field(primary_key=True, max_length=32)
    value: str = Field(max_length=64)


class GateSettingTable(GateSetting, table=True):
    __tablename__ = "gate_settings"


class Resident(HoldingModel):
    """Read model from intake's roster: who lives where, so a parcel for a room nobody on the
    roster lives in is refused at the gate. A person moved to another room is updated in place."""

    person_id: str = Field(primary_key=True, max_length=64)
    building: str | None = Field(default=None, max_length=32)
    room: str | None = Field(default=None, max_length=32)


class ResidentTable(Resident, table=True):
    __tablename__ = "residents"
    __table_args__ = (Index("ix_residents_home", "building", "room"),)


arrivals = ArrivalTable.__table__
extensions = ExtensionTable.__table__
refusals = RefusalTable.__table__
groupbuys = GroupBuyTable.__table__
vendors = VendorTable.__table__
gate_settings = GateSettingTable.__table__
residents = ResidentTable.__table__
