"""alembic revisions of holding's tables (see docs/services.md: adding a migration)."""
