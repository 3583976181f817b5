"""alembic revisions of the runtime's own tables (outbox, inbox, timers, id_counters)."""
