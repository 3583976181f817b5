"""alembic revisions of vetting's tables (see docs/services.md: adding a migration)."""
