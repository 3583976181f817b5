"""The one alembic environment every store migrates with (see `shared/runtime/migrate.py`)."""
