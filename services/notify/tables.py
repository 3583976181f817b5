"""notify's tables (Core, on its own `MetaData`).

`notices` is the heart: every outgoing chat message is a row from the moment it is decided
until it is delivered or reported missed (queued → sent → delivered | missed; a failed send
goes back to queued with a later `not_before`). `pacing` holds the token buckets per chat
and per platform, so the limits survive restarts.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Date, Float, Index, Integer, MetaData, String, Table, Text

from shared.runtime.tables import UTCDateTime

metadata = MetaData()  # notify's tables only, beside the runtime's in its store
MIGRATIONS = Path(__file__).with_name("migrations")  # alembic revisions of these tables


people = Table(
    "people", metadata,
    Column("person_id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("role", String(32), nullable=False),
    Column("building", String(32), nullable=True),
    Column("room", String(32), nullable=True),
    Column("language", String(4), nullable=False),
    Index("ix_people_household", "building", "room"),
    Index("ix_people_role", "role"),
)

# Every role of a person, with the building it applies to (a building admin's building, a
# resident's home building, none for compound-wide staff): who a role's notice reaches.
person_roles = Table(
    "person_roles", metadata,
    Column("person_id", String(64), primary_key=True),
    Column("role", String(32), primary_key=True),
    Column("building", String(32), nullable=True),
    Index("ix_person_roles_role", "role", "building"),
)

identities = Table(
    "identities", metadata,
    Column("platform", String(32), primary_key=True),
    Column("sender_id", String(256), primary_key=True),
    Column("person_id", String(64), nullable=False, index=True),
    Column("direct_chat_id", String(256), nullable=True),
    Column("bound_at", UTCDateTime, nullable=False),
)

group_chats = Table(
    "group_chats", metadata,
    Column("platform", String(32), primary_key=True),
    Column("chat_id", String(256), primary_key=True),
    Column("audience", String(32), nullable=False, index=True),
    Column("language", String(4), nullable=False),
    Column("registered_by", String(64), nullable=False),
    Column("registered_at", UTCDateTime, nullable=False),
)

notices = Table(
    "notices", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dedupe_key", String(512), nullable=False, unique=True),
    Column("platform", String(32), nullable=False),
    Column("chat_id", String(256), nullable=False),
    Column("text", Text, nullable=False),
    Column("reply_to", String(256), nullable=True),
    Column("correlation_id", String(64), nullable=False),
    Column("template", String(100), nullable=False),
    Column("broadcast_id", String(32), nullable=True),
    Column("audience", String(32), nullable=True),
    Column("status", String(12), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("failures", Integer, nullable=False),
    Column("not_before", UTCDateTime, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("done_at", UTCDateTime, nullable=True),
    Column("last_error", Text, nullable=True),
    Index("ix_notices_chat_queue", "platform", "chat_id", "status", "id"),
    Index("ix_notices_broadcast", "broadcast_id"),
)

# A token bucket: `tokens` as of `updated_at`.
pacing = Table(
    "pacing", metadata,
    Column("scope", String(80), primary_key=True),
    Column("tokens", Float, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

broadcasts = Table(
    "broadcasts", metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("audience", String(32), nullable=False),
    Column("requested_by", String(64), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("reported_at", UTCDateTime, nullable=True),
)

# Figures for the bulletin: per bulletin day, and standing ones (what is still waiting)
# under the sentinel day `domain.days.STANDING`.
counts = Table(
    "counts", metadata,
    Column("day", Date, primary_key=True),
    Column("name", String(32), primary_key=True),
    Column("value", Integer, nullable=False),
)

bulletin_lines = Table(
    "bulletin_lines", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("day", Date, nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("person_id", String(64), nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
)

# One row per posted bulletin: the guard that makes it once per day, whatever restarts.
bulletins = Table(
    "bulletins", metadata,
    Column("day", Date, primary_key=True),
    Column("broadcast_id", String(32), nullable=False),
    Column("figures", Text, nullable=False),
    Column("additions", Text, nullable=False),
    Column("posted_at", UTCDateTime, nullable=False),
)

# Delivery's items fully picked up, once each: one `/picked` by a proxy can finish
# several households of a portion at once, each its own event, all saying 0 left.
rack_done = Table(
    "rack_done", metadata,
    Column("item_id", String(32), primary_key=True),
    Column("done_at", UTCDateTime, nullable=False),
)

# A notice nobody could be reached for (no chat bound, no group registered, nobody on the
# roster there), or that a platform refused: on the committee's unreached list until it is
# settled: sent when its person binds or its group is registered (`delivered`), or no longer
# worth it (`stale`: what it was about ended, `lasts` = that key); past `expires_at` it is
# left out of every look-up. `texts` = the notice in each language (JSON), rendered when it
# was decided.
waiting = Table(
    "waiting", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dedupe_key", String(512), nullable=False, unique=True),
    Column("target", String(300), nullable=False, index=True),
    Column("template", String(100), nullable=False),
    Column("texts", Text, nullable=False),
    Column("reason", String(32), nullable=False),
    Column("error", Text, nullable=True),
    Column("correlation_id", String(64), nullable=False),
    Column("lasts", String(200), nullable=True, index=True),
    Column("expires_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("settled_at", UTCDateTime, nullable=True),
    Column("outcome", String(16), nullable=True),
)

# Medicine handed in at the gate, for telling whoever filed the request (a building admin for
# a household) when it is on the rack: medicine's hand-off names the requester, holding's
# arrival the gate id (M3); either may come first.
medicine_items = Table(
    "medicine_items", metadata,
    Column("request_id", String(32), primary_key=True),
    Column("arrival_id", String(32), nullable=True, unique=True),
    Column("requester_id", String(64), nullable=True),
    Column("language", String(4), nullable=True),
    Column("building", String(32), nullable=True),
    Column("room", String(32), nullable=True),
)
