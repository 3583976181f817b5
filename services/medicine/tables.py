"""medicine's tables, on its own registry. Medical fields (`*_sealed`) hold Fernet tokens,
never plain text (see `sealing.py`); ids, states, urgency, hospital and times stay plain so
the queue is ordered and counted in SQL."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Boolean, Column, Index, Integer
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from shared.runtime.tables import UTCDateTime, text_column

medicine_registry = registry()
MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


class MedicineTable(SQLModel, registry=medicine_registry):
    pass


class RequestRow(MedicineTable, table=True):
    """One drug for one household, from its request to its hand-off at the gate."""

    __tablename__ = "requests"
    __table_args__ = (Index("ix_requests_queue", "state", "hospital_key", "urgency", "requested_at"),)
    request_id: str = Field(sa_column=text_column(16, primary_key=True))
    number: int = Field(sa_column=Column(Integer, nullable=False))
    building: str = Field(sa_column=text_column(16, nullable=False))
    room: str = Field(sa_column=text_column(16, nullable=False))
    requester_id: str = Field(sa_column=text_column(32, nullable=False))
    requester_language: str = Field(sa_column=text_column(4, nullable=False))
    on_behalf: bool = Field(sa_column=Column(Boolean, nullable=False))
    hospital: str = Field(sa_column=text_column(64, nullable=False))
    hospital_key: str = Field(sa_column=text_column(64, nullable=False))
    drug_sealed: str = Field(sa_column=text_column(nullable=False))
    dose_sealed: str = Field(sa_column=text_column(nullable=False))
    note_sealed: str | None = Field(default=None, sa_column=text_column())
    days_left: int = Field(sa_column=Column(Integer, nullable=False))
    vulnerable: bool = Field(sa_column=Column(Boolean, nullable=False))
    stated_urgency: int = Field(sa_column=Column(Integer, nullable=False))
    urgency: int = Field(sa_column=Column(Integer, nullable=False))
    state: str = Field(sa_column=text_column(32, nullable=False))
    run_id: str | None = Field(default=None, sa_column=text_column(16, index=True))
    runs: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    substitute_sealed: str | None = Field(default=None, sa_column=text_column())
    substitute_note_sealed: str | None = Field(default=None, sa_column=text_column())
    unavailable_sealed: str | None = Field(default=None, sa_column=text_column())
    answer_by: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    bought_substitute: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    arrival_id: str | None = Field(default=None, sa_column=text_column(16))
    requested_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    changed_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class RunRow(MedicineTable, table=True):
    """A volunteer's batch for one hospital."""

    __tablename__ = "runs"
    run_id: str = Field(sa_column=text_column(16, primary_key=True))
    hospital: str = Field(sa_column=text_column(64, nullable=False))
    volunteer_id: str = Field(sa_column=text_column(32, nullable=False, index=True))
    state: str = Field(sa_column=text_column(16, nullable=False))
    claimed_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    handed_off_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))


class UrgencyChangeRow(MedicineTable, table=True):
    """The committee's triage decisions, kept with their (sealed) reason."""

    __tablename__ = "urgency_changes"
    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    request_id: str = Field(sa_column=text_column(16, nullable=False, index=True))
    previous: int = Field(sa_column=Column(Integer, nullable=False))
    urgency: int = Field(sa_column=Column(Integer, nullable=False))
    reason_sealed: str = Field(sa_column=text_column(nullable=False))
    by: str = Field(sa_column=text_column(32, nullable=False))
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class HouseholdRow(MedicineTable, table=True):
    """Read model from intake's `person.registered`: which rooms have residents."""

    __tablename__ = "residents"
    person_id: str = Field(sa_column=text_column(32, primary_key=True))
    building: str = Field(sa_column=text_column(16, nullable=False))
    room: str = Field(sa_column=text_column(16, nullable=False))


class CounterRow(MedicineTable, table=True):
    """Running totals for metrics that no state row keeps (substitutes proposed, declined…)."""

    __tablename__ = "tallies"
    name: str = Field(sa_column=text_column(32, primary_key=True))
    value: int = Field(sa_column=Column(Integer, nullable=False))


requests = RequestRow.__table__
runs = RunRow.__table__
urgency_changes = UrgencyChangeRow.__table__
residents = HouseholdRow.__table__
tallies = CounterRow.__table__
