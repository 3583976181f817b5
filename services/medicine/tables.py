"""medicine's tables: SQLModel classes on medicine's own `metadata` (its alembic version line).

Medical fields (`*_sealed`) hold Fernet tokens, never plain text (see `sealing.py`); ids,
states, urgency, hospital and times stay plain so the queue is ordered and counted in SQL.
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


class MedicineModel(SQLModel, registry=registry(metadata=MetaData())):
    """medicine's tables only, beside the runtime's in its store."""


metadata = MedicineModel.metadata


class Request(MedicineModel):
    """One drug for one household, from its request to its hand-off at the gate."""

    request_id: str = Field(primary_key=True, max_length=16)
    number: int
    building: str = Field(max_length=16)
    room: str = Field(max_length=16)
    requester_id: str = Field(max_length=32)
    requester_language: str = Field(max_length=4)
    on_behalf: bool
    hospital: str = Field(max_length=64)
    hospital_key: str = Field(max_length=64)
    drug_sealed: str = Field(sa_type=Text)
    dose_sealed: str = Field(sa_type=Text)
    note_sealed: str | None = Field(default=None, sa_type=Text)
    days_left: int
    vulnerable: bool
    stated_urgency: int
    urgency: int
    state: str = Field(max_length=32)
    run_id: str | None = Field(default=None, max_length=16, index=True)
    runs: int
    substitute_sealed: str | None = Field(default=None, sa_type=Text)
    substitute_note_sealed: str | None = Field(default=None, sa_type=Text)
    unavailable_sealed: str | None = Field(default=None, sa_type=Text)
    answer_by: datetime | None = Field(default=None, sa_type=UTCDateTime)
    bought_substitute: bool
    arrival_id: str | None = Field(default=None, max_length=16)
    requested_at: datetime = Field(sa_type=UTCDateTime)
    changed_at: datetime = Field(sa_type=UTCDateTime)


class RequestTable(Request, table=True):
    __tablename__ = "requests"
    __table_args__ = (Index("ix_requests_queue", "state", "hospital_key", "urgency", "requested_at"),)


class Run(MedicineModel):
    """A volunteer's batch for one hospital."""

    run_id: str = Field(primary_key=True, max_length=16)
    hospital: str = Field(max_length=64)
    volunteer_id: str = Field(max_length=32, index=True)
    state: str = Field(max_length=16)
    claimed_at: datetime = Field(sa_type=UTCDateTime)
    handed_off_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RunTable(Run, table=True):
    __tablename__ = "runs"


class UrgencyChange(MedicineModel):
    """The committee's triage decisions, kept with their (sealed) reason."""

    id: int | None = Field(default=None, primary_key=True, sa_column_kwargs={"autoincrement": True})
    request_id: str = Field(max_length=16, index=True)
    previous: int
    urgency: int
    reason_sealed: str = Field(sa_type=Text)
    by: str = Field(max_length=32)
    at: datetime = Field(sa_type=UTCDateTime)


class UrgencyChangeTable(UrgencyChange, table=True):
    __tablename__ = "urgency_changes"


class Resident(MedicineModel):
    """Read model from intake's `person.registered`: which rooms have residents."""

    person_id: str = Field(primary_key=True, max_length=32)
    building: str = Field(max_length=16)
    room: str = Field(max_length=16)


class ResidentTable(Resident, table=True):
    __tablename__ = "residents"


class Tally(MedicineModel):
    """Running totals for metrics that no state row keeps (substitutes proposed, declined…)."""

    name: str = Field(primary_key=True, max_length=32)
    value: int


class TallyTable(Tally, table=True):
    __tablename__ = "tallies"


requests = RequestTable.__table__
runs = RunTable.__table__
urgency_changes = UrgencyChangeTable.__table__
residents = ResidentTable.__table__
tallies = TallyTable.__table__
