"""alembic revisions of delivery's tables (see docs/services.md: adding a migration)."""
