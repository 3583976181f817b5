"""alembic revisions of notify's tables (see docs/services.md: adding a migration)."""
