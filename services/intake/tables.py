"""intake's own tables (Core, on its own `MetaData`): the roster, binding codes,
chat identities, the latest revision seen of each chat message, binding attempts, the
audit log of refusals, the lines of copied 接龙 lists seen per group chat and when someone
was last told that an order-like message could not be read."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table

from shared.runtime.tables import UTCDateTime

metadata = MetaData()  # intake's tables only, beside the runtime's in its store
MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


# A person from the roster; `roster_key` (building|room|name) finds them on re-import.
# `building` + `room` is their home (a resident of it); `role` their main job, `roles`
# every role (`resident;building_admin`; NULL before roles: just `role`); `admin_building`
# the building a building admin serves.
people = Table(
    "people", metadata,
    Column("person_id", String(16), primary_key=True),
    Column("roster_key", String(200), nullable=False, unique=True),
    Column("name", String(64), nullable=False),
    Column("role", String(32), nullable=False),
    Column("building", String(8), nullable=True),
    Column("room", String(8), nullable=True),
    Column("language", String(2), nullable=False),
    Column("registered_at", UTCDateTime, nullable=False),
    Column("roles", String(200), nullable=True),
    Column("admin_building", String(8), nullable=True),
)

# A one-time code, by its hash; used or revoked codes stay, so reuse is recognised.
binding_codes = Table(
    "binding_codes", metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("person_id", String(16), nullable=False, index=True),
    Column("issued_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime, nullable=True),
    Column("used_by", String(300), nullable=True),
    Column("revoked_at", UTCDateTime, nullable=True),
    Column("expires_at", UTCDateTime, nullable=True),
)

# A chat identity (platform + sender) speaking for a person; a person may have several.
identities = Table(
    "identities", metadata,
    Column("platform", String(32), primary_key=True),
    # indexed alone too: the audit looks up a sender id across platforms
    Column("sender_id", String(256), primary_key=True, index=True),
    Column("person_id", String(16), nullable=False, index=True),
    Column("bound_at", UTCDateTime, nullable=False),
)

# The highest revision seen of a chat message and the intent it caused (if any), so an
# older revision arriving late never wins and only an order's edit re-orders.
message_revisions = Table(
    "message_revisions", metadata,
    Column("message_key", String(600), primary_key=True),
    Column("revision", BigInteger, nullable=False),  # Matrix edits: a timestamp in ms
    Column("effect", String(64), nullable=True),
    Column("seen_at", UTCDateTime, nullable=False),
)

# Failed `/bind` attempts of one identity since it was last quiet for a window, and its lock.
bind_attempts = Table(
    "bind_attempts", metadata,
    Column("platform", String(32), primary_key=True),
    Column("sender_id", String(256), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failed_at", UTCDateTime, nullable=True),
    Column("locked_until", UTCDateTime, nullable=True),
)

# A refused attempt: who (identity, person if bound), what (command and reason code,
# a note from our own vocabulary), when. Never the text or the code that was typed.
audit_log = Table(
    "audit_log", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("platform", String(32), nullable=False),
    Column("sender_id", String(256), nullable=False),
    Column("chat_type", String(8), nullable=False),
    Column("person_id", String(16), nullable=True),
    Column("command", String(32), nullable=True),
    Column("reason", String(32), nullable=False),
    Column("note", String(64), nullable=True),
)

# A line of a copied 接龙 list already seen in a group chat (by a digest of its folded text,
# without its number): a resident copies the list and adds a line, and only the lines not
# seen before in that chat are orders.
order_list_lines = Table(
    "order_list_lines", metadata,
    Column("chat_key", String(600), primary_key=True),
    Column("line_key", String(64), primary_key=True),
    Column("seen_at", UTCDateTime, nullable=False),
)

# When an identity was last told that its order-like message could not be read: one such
# answer per person per window, so a typo is answered and a stream of them is not.
order_hints = Table(
    "order_hints", metadata,
    Column("platform", String(32), primary_key=True),
    Column("sender_id", String(256), primary_key=True),
    Column("answered_at", UTCDateTime, nullable=False),
)
