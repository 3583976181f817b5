"""medicine's tables (Core, on its own `MetaData`). Medical fields (`*_sealed`) hold Fernet tokens,
never plain text (see `sealing.py`); ids, states, urgency, hospital and times stay plain so
the queue is ordered and counted in SQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Boolean, Column, Index, Integer, MetaData, Table

from shared.runtime.tables import UTCDateTime, text_column

metadata = MetaData()  # medicine's tables only, beside the runtime's in its store
MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


# One drug for one household, from its request to its hand-off at the gate.
requests = Table(
    "requests", metadata,
    text_column("request_id", 16, primary_key=True),
    Column("number", Integer, nullable=False),
    text_column("building", 16, nullable=False),
    text_column("room", 16, nullable=False),
    text_column("requester_id", 32, nullable=False),
    text_column("requester_language", 4, nullable=False),
    Column("on_behalf", Boolean, nullable=False),
    text_column("hospital", 64, nullable=False),
    text_column("hospital_key", 64, nullable=False),
    text_column("drug_sealed", nullable=False),
    text_column("dose_sealed", nullable=False),
    text_column("note_sealed"),
    Column("days_left", Integer, nullable=False),
    Column("vulnerable", Boolean, nullable=False),
    Column("stated_urgency", Integer, nullable=False),
    Column("urgency", Integer, nullable=False),
    text_column("state", 32, nullable=False),
    text_column("run_id", 16, index=True),
    Column("runs", Integer, nullable=False),
    text_column("substitute_sealed"),
    text_column("substitute_note_sealed"),
    text_column("unavailable_sealed"),
    Column("answer_by", UTCDateTime),
    Column("bought_substitute", Boolean, nullable=False),
    text_column("arrival_id", 16),
    Column("requested_at", UTCDateTime, nullable=False),
    Column("changed_at", UTCDateTime, nullable=False),
    Index("ix_requests_queue", "state", "hospital_key", "urgency", "requested_at"),
)

# A volunteer's batch for one hospital.
runs = Table(
    "runs", metadata,
    text_column("run_id", 16, primary_key=True),
    text_column("hospital", 64, nullable=False),
    text_column("volunteer_id", 32, nullable=False, index=True),
    text_column("state", 16, nullable=False),
    Column("claimed_at", UTCDateTime, nullable=False),
    Column("handed_off_at", UTCDateTime),
)

# The committee's triage decisions, kept with their (sealed) reason.
urgency_changes = Table(
    "urgency_changes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    text_column("request_id", 16, nullable=False, index=True),
    Column("previous", Integer, nullable=False),
    Column("urgency", Integer, nullable=False),
    text_column("reason_sealed", nullable=False),
    text_column("by", 32, nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

# Read model from intake's `person.registered`: which rooms have residents.
residents = Table(
    "residents", metadata,
    text_column("person_id", 32, primary_key=True),
    text_column("building", 16, nullable=False),
    text_column("room", 16, nullable=False),
)

# Running totals for metrics that no state row keeps (substitutes proposed, declined…).
tallies = Table(
    "tallies", metadata,
    text_column("name", 32, primary_key=True),
    Column("value", Integer, nullable=False),
)
