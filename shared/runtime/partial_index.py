"""The outbox's partial index on its unsent rows, declared apart from the table.

Its PostgreSQL condition (`postgresql_where`) makes SQLAlchemy import its whole PostgreSQL
dialect to check the keyword: ~2.5 MiB resident in every service process, which on SQLite never
uses it. Only building or comparing the schema needs the index, so this module attaches it to
`outbox` when imported: `migrate.context_options` does, for every alembic run (upgrade, check,
autogenerate), and so must anything else that creates the runtime's tables from the metadata.
"""

from __future__ import annotations

from sqlalchemy import Index

from .tables import outbox

ix_outbox_unsent = Index("ix_outbox_unsent", outbox.c.seq, sqlite_where=outbox.c.sent_at.is_(None),
                         postgresql_where=outbox.c.sent_at.is_(None))
