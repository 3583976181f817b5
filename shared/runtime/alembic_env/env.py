"""alembic's env.py for every lastmile store: the connection and the line of revisions come
from `shared.runtime.migrate`, which runs alembic's commands on an open transaction."""

from alembic import context

from shared.runtime.migrate import run_in_context

run_in_context(context)
