"""alembic revisions of medicine's tables (see docs/services.md: adding a migration)."""
