"""intake's own tables: SQLModel classes on intake's own `metadata` (its alembic version
line): the roster, binding codes, chat identities, the latest revision seen of each chat
message, binding attempts, the audit log of refusals, the lines of copied 接龙 lists seen per
group chat and when someone was last told that an order-like message could not be read.

As in vetting (docs/runtime.md): each row's shape once as a plain model, its table class
(`…Table`, `table=True`) beside it, Core statements on the tables named below as before.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import BigInteger, MetaData
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from shared.runtime.tables import UTCDateTime

MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


class IntakeModel(SQLModel, registry=registry(metadata=MetaData())):
    """intake's tables only, beside the runtime's in its store."""


metadata = IntakeModel.metadata


class Person(IntakeModel):
    """A person from the roster; `roster_key` (building|room|name) finds them on re-import.
    `building` + `room` is their home (a resident of it); `role` their main job, `roles`
    every role (`resident;building_admin`; NULL before roles: just `role`); `admin_building`
    the building a building admin serves."""

    person_id: str = Field(primary_key=True, max_length=16)
    roster_key: str = Field(max_length=200, unique=True)
    name: str = Field(max_length=64)
    role: str = Field(max_length=32)
    building: str | None = Field(default=None, max_length=8)
    room: str | None = Field(default=None, max_length=8)
    language: str = Field(max_length=2)
    registered_at: datetime = Field(sa_type=UTCDateTime)
    roles: str | None = Field(default=None, max_length=200)
    admin_building: str | None = Field(default=None, max_length=8)


class PersonTable(Person, table=True):
    __tablename__ = "people"


class BindingCode(IntakeModel):
    """A one-time code, by its hash; used or revoked codes stay, so reuse is recognised."""

    code_hash: str = Field(primary_key=True, max_length=64)
    person_id: str = Field(max_length=16, index=True)
    issued_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    used_by: str | None = Field(default=None, max_length=300)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class BindingCodeTable(BindingCode, table=True):
    __tablename__ = "binding_codes"


class Identity(IntakeModel):
    """A chat identity (platform + sender) speaking for a person; a person may have several."""

    platform: str = Field(primary_key=True, max_length=32)
    # indexed alone too: the audit looks up a sender id across platforms
    sender_id: str = Field(primary_key=True, max_length=256, index=True)
    person_id: str = Field(max_length=16, index=True)
    bound_at: datetime = Field(sa_type=UTCDateTime)


class IdentityTable(Identity, table=True):
    __tablename__ = "identities"


class MessageRevision(IntakeModel):
    """The highest revision seen of a chat message and the intent it caused (if any), so an
    older revision arriving late never wins and only an order's edit re-orders."""

    message_key: str = Field(primary_key=True, max_length=600)
    revision: int = Field(sa_type=BigInteger)  # Matrix edits: a timestamp in ms
    effect: str | None = Field(default=None, max_length=64)
    seen_at: datetime = Field(sa_type=UTCDateTime)


class MessageRevisionTable(MessageRevision, table=True):
    __tablename__ = "message_revisions"


class BindAttempt(IntakeModel):
    """Failed `/bind` attempts of one identity since it was last quiet for a window, and its lock."""

    platform: str = Field(primary_key=True, max_length=32)
    sender_id: str = Field(primary_key=True, max_length=256)
    failures: int
    last_failed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)


class BindAttemptTable(BindAttempt, table=True):
    __tablename__ = "bind_attempts"


class AuditEntry(IntakeModel):
    """A refused attempt: who (identity, person if bound), what (command and reason code,
    a note from our own vocabulary), when. Never the text or the code that was typed."""

    seq: int | None = Field(default=None, primary_key=True, sa_column_kwargs={"autoincrement": True})
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    platform: str = Field(max_length=32)
    sender_id: str = Field(max_length=256)
    chat_type: str = Field(max_length=8)
    person_id: str | None = Field(default=None, max_length=16)
    command: str | None = Field(default=None, max_length=32)
    reason: str = Field(max_length=32)
    note: str | None = Field(default=None, max_length=64)


class AuditEntryTable(AuditEntry, table=True):
    __tablename__ = "audit_log"


class OrderListLine(IntakeModel):
    """A line of a copied 接龙 list already seen in a group chat (by a digest of its folded
    text, without its number): a resident copies the list and adds a line, and only the lines
    not seen before in that chat are orders."""

    chat_key: str = Field(primary_key=True, max_length=600)
    line_key: str = Field(primary_key=True, max_length=64)
    seen_at: datetime = Field(sa_type=UTCDateTime)


class OrderListLineTable(OrderListLine, table=True):
    __tablename__ = "order_list_lines"


class OrderHint(IntakeModel):
    """When an identity was last told that its order-like message could not be read: one such
    answer per person per window, so a typo is answered and a stream of them is not."""

    platform: str = Field(primary_key=True, max_length=32)
    sender_id: str = Field(primary_key=True, max_length=256)
    answered_at: datetime = Field(sa_type=UTCDateTime)


class OrderHintTable(OrderHint, table=True):
    __tablename__ = "order_hints"


people = PersonTable.__table__
binding_codes = BindingCodeTable.__table__
identities = IdentityTable.__table__
message_revisions = MessageRevisionTable.__table__
bind_attempts = BindAttemptTable.__table__
audit_log = AuditEntryTable.__table__
order_list_lines = OrderListLineTable.__table__
order_hints = OrderHintTable.__table__
