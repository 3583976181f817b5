"""holding's tables, on its own registry: arrivals in the gate area, the refusals and
extensions on record, its read model of vetting's vendors and group buys,."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Column, Float, Index, Integer
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from shared.runtime.tables import UTCDateTime, text_column

holding_registry = registry()
MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


class HoldingTable(SQLModel, registry=holding_registry):
    pass


class ArrivalRow(HoldingTable, table=True):
    __tablename__ = "arrivals"
    __table_args__ = (Index("ix_arrivals_state", "state"),)
    arrival_id: str = Field(sa_column=text_column(16, primary_key=True))
    kind: str = Field(sa_column=text_column(16, nullable=False))
    groupbuy_id: str | None = Field(default=None, sa_column=text_column(32))
    vendor_id: str | None = Field(default=None, sa_column=text_column(32))
    boxes: int | None = Field(default=None, sa_column=Column(Integer))
    building: str | None = Field(default=None, sa_column=text_column(32))
    room: str | None = Field(default=None, sa_column=text_column(32))
    note: str | None = Field(default=None, sa_column=text_column())
    state: str = Field(sa_column=text_column(32, nullable=False))
    message_key: str = Field(sa_column=text_column(512, nullable=False, unique=True))
    registered_by: str = Field(sa_column=text_column(64, nullable=False))
    registered_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    disinfect_by: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    overdue_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    disinfected_by: str | None = Field(default=None, sa_column=text_column(64))
    disinfected_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    method: str | None = Field(default=None, sa_column=text_column(64))
    zone: str | None = Field(default=None, sa_column=text_column(16))
    hold_hours: float | None = Field(default=None, sa_column=Column(Float))
    due_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    released_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))


class ExtensionRow(HoldingTable, table=True):
    __tablename__ = "extensions"
    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    arrival_id: str = Field(sa_column=text_column(16, nullable=False, index=True))
    by: str = Field(sa_column=text_column(64, nullable=False))
    hours: float = Field(sa_column=Column(Float, nullable=False))
    reason: str = Field(sa_column=text_column(nullable=False))
    previous_due_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    due_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class RefusalRow(HoldingTable, table=True):
    __tablename__ = "refusals"
    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    kind: str = Field(sa_column=text_column(16, nullable=False))
    groupbuy_ref: str | None = Field(default=None, sa_column=text_column(32))
    reason: str = Field(sa_column=text_column(64, nullable=False))
    params: str = Field(sa_column=text_column(nullable=False))
    by: str = Field(sa_column=text_column(64, nullable=False))
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class GroupBuyRow(HoldingTable, table=True):
    """Read model from vetting: open, closed (after being open) or refused."""

    __tablename__ = "groupbuys"
    groupbuy_id: str = Field(sa_column=text_column(32, primary_key=True))
    vendor_id: str | None = Field(default=None, sa_column=text_column(32))
    state: str = Field(sa_column=text_column(16, nullable=False))
    reason: str | None = Field(default=None, sa_column=text_column(64))


class VendorRow(HoldingTable, table=True):
    """Read model from vetting: approved or suspended."""

    __tablename__ = "vendors"
    vendor_id: str = Field(sa_column=text_column(32, primary_key=True))
    name: str = Field(sa_column=text_column(256, nullable=False))
    state: str = Field(sa_column=text_column(16, nullable=False))
    reason: str | None = Field(default=None, sa_column=text_column(64))


class SettingRow(HoldingTable, table=True):
    """Gate-wide values changed at run time (the zone level)."""

    __tablename__ = "gate_settings"
    name: str = Field(sa_column=text_column(32, primary_key=True))
    value: str = Field(sa_column=text_column(64, nullable=False))



arrivals = ArrivalRow.__table__
extensions = ExtensionRow.__table__
refusals = RefusalRow.__table__
groupbuys = GroupBuyRow.__table__
vendors = VendorRow.__table__
gate_settings = SettingRow.__table__
