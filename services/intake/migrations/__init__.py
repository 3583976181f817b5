"""alembic revisions of intake's tables (see docs/services.md: adding a migration)."""
