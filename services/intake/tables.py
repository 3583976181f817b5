"""intake's own tables (its registry, never the default one): the roster, binding codes,
chat identities, the latest revision seen of each chat message, binding attempts and the
audit log of refusals."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from shared.runtime.tables import UTCDateTime

intake_registry = registry()
MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


class IntakeTable(SQLModel, registry=intake_registry):
    pass


class PersonRow(IntakeTable, table=True):
    """A person from the roster; `roster_key` (building|room|name) finds them on re-import."""

    __tablename__ = "people"
    person_id: str = Field(sa_column=Column(String(16), primary_key=True))
    roster_key: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(64), nullable=False))
    role: str = Field(sa_column=Column(String(32), nullable=False))
    building: str | None = Field(default=None, sa_column=Column(String(8), nullable=True))
    room: str | None = Field(default=None, sa_column=Column(String(8), nullable=True))
    language: str = Field(sa_column=Column(String(2), nullable=False))
    registered_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class BindingCodeRow(IntakeTable, table=True):
    """A one-time code, by its hash; used or revoked codes stay, so reuse is recognised."""

    __tablename__ = "binding_codes"
    code_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    person_id: str = Field(sa_column=Column(String(16), nullable=False, index=True))
    issued_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    used_by: str | None = Field(default=None, sa_column=Column(String(300), nullable=True))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    expires_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class IdentityRow(IntakeTable, table=True):
    """A chat identity (platform + sender) speaking for a person; a person may have several."""

    __tablename__ = "identities"
    platform: str = Field(sa_column=Column(String(32), primary_key=True))
    # indexed alone too: the audit looks up a sender id across platforms
    sender_id: str = Field(sa_column=Column(String(256), primary_key=True, index=True))
    person_id: str = Field(sa_column=Column(String(16), nullable=False, index=True))
    bound_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class MessageRevisionRow(IntakeTable, table=True):
    """The highest revision seen of a chat message and the intent it caused (if any), so an
    older revision arriving late never wins and only an order's edit re-orders."""

    __tablename__ = "message_revisions"
    message_key: str = Field(sa_column=Column(String(600), primary_key=True))
    revision: int = Field(sa_column=Column(Integer, nullable=False))
    effect: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    seen_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class BindAttemptRow(IntakeTable, table=True):
    """Failed `/bind` attempts of one identity since it was last quiet for a window, and its lock."""

    __tablename__ = "bind_attempts"
    platform: str = Field(sa_column=Column(String(32), primary_key=True))
    sender_id: str = Field(sa_column=Column(String(256), primary_key=True))
    failures: int = Field(sa_column=Column(Integer, nullable=False))
    last_failed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    locked_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class AuditRow(IntakeTable, table=True):
    """A refused attempt: who (identity, person if bound), what (command and reason code,
    a note from our own vocabulary), when. Never the text or the code that was typed."""

    __tablename__ = "audit_log"
    seq: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))
    platform: str = Field(sa_column=Column(String(32), nullable=False))
    sender_id: str = Field(sa_column=Column(String(256), nullable=False))
    chat_type: str = Field(sa_column=Column(String(8), nullable=False))
    person_id: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    command: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    reason: str = Field(sa_column=Column(String(32), nullable=False))
    note: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))


people = PersonRow.__table__
binding_codes = BindingCodeRow.__table__
identities = IdentityRow.__table__
message_revisions = MessageRevisionRow.__table__
bind_attempts = BindAttemptRow.__table__
audit_log = AuditRow.__table__
metadata = intake_registry.metadata
