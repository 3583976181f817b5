"""Schema migrations with alembic: a store is brought to the head of its revisions when it
opens, never built with `create_all`.

Two lines of revisions live in every store, each with its own version table in the
service's own database (its SQLite file, or its PostgreSQL schema through `search_path`):

- the runtime's (`shared/runtime/migrations/`: outbox, inbox, timers, id_counters), version
  table `alembic_version_runtime`;
- the service's (`services/<name>/migrations/`, named by `ServiceDefinition.migrations`),
  version table `alembic_version`.

Each line sees only its own tables (`include_name`), so neither takes the other's for
something to drop. Both upgrades run in one transaction; on PostgreSQL an advisory lock per
schema makes a second process of the same service wait rather than migrate twice. A store
made by `create_all` before migrations existed is adopted: stamped at its line's first
revision (which is exactly what `create_all` made), then upgraded.

alembic is imported by the functions that use it, never at import time: a service process
migrates its store in a short-lived child (`Store.migrate`) and so never holds alembic's
~10 MiB for the rest of its life.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, MetaData, inspect, text

from .tables import UTCDateTime, runtime_metadata

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger("lastmile.store")
ENVIRONMENT = Path(__file__).with_name("alembic_env")
SERVICE_VERSION_TABLE = "alembic_version"


@dataclass(frozen=True)
class Line:
    """One line of alembic revisions and the tables it owns."""

    name: str
    metadata: MetaData
    versions: Path
    version_table: str

    def config(self, connection: Connection | None = None) -> "Config":
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(ENVIRONMENT))
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", str(self.versions))
        config.attributes["line"] = self
        config.attributes["connection"] = connection
        return config

    def scripts(self) -> "ScriptDirectory":
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self.config())


RUNTIME = Line("runtime", runtime_metadata, Path(__file__).with_name("migrations"),
               "alembic_version_runtime")


def service_line(metadata: MetaData, versions: Path) -> Line:
    versions = Path(versions)
    if not versions.is_dir():
        raise FileNotFoundError(f"no migrations folder at {versions} (see docs/services.md)")
    return Line(versions.parent.name, metadata, versions, SERVICE_VERSION_TABLE)


# -- alembic's env.py calls this -------------------------------------------------------------


def _own_tables(line: Line, name: str | None, type_: str, parent_names) -> bool:
    return name in line.metadata.tables if type_ == "table" else True


def _render_item(type_: str, obj, autogen_context):
    """Write our column types as plain SQLAlchemy, so a revision never imports app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def context_options(line: Line) -> dict:
    from . import partial_index  # noqa: F401  (the outbox's index, for alembic to see: see there)

    return dict(target_metadata=line.metadata, version_table=line.version_table,
                include_name=partial(_own_tables, line), render_item=_render_item,
                render_as_batch=True)  # SQLite alters tables by copying them


def run_in_context(context) -> None:
    config = context.config
    line: Line = config.attributes["line"]
    context.configure(connection=config.attributes["connection"], **context_options(line))
    with context.begin_transaction():
        context.run_migrations()


# -- what the runtime and the tools call -----------------------------------------------------


def _adopt(conn: Connection, line: Line) -> None:
    """A store made by `create_all` (before migrations) is at the line's first revision."""
    from alembic import command

    found = inspect(conn)
    if found.has_table(line.version_table):
        return
    if any(found.has_table(name) for name in line.metadata.tables):
        (base,) = line.scripts().get_bases()
        command.stamp(line.config(conn), base)


def current(conn: Connection, line: Line) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn, opts={"version_table": line.version_table}).get_current_revision()


def upgrade(engine: Engine, lines: list[Line]) -> None:
    """Bring every line to its head, in one transaction; one log line per existing store upgraded."""
    from alembic import command

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('lastmile-migrate:' || current_schema()))"))
        for line in lines:
            _adopt(conn, line)
            before = current(conn, line)
            command.upgrade(line.config(conn), "head")
            after = current(conn, line)
            if after != before:  # a new store is no news; an upgraded one is
                log.log(logging.INFO if before else logging.DEBUG, "%s tables upgraded to revision %s (from %s)",
                        line.name, after, before or "an empty store")


def differences(conn: Connection, line: Line) -> list:
    """What the line's tables in the code differ by from the store (alembic's autogenerate)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(conn, opts=context_options(line))
    return compare_metadata(context, line.metadata)


def new_revision(engine: Engine, line: Line, message: str) -> Path:
    """Autogenerate the next revision of `line` against a store at its head."""
    from alembic import command

    upgrade(engine, [line])
    number = len(list(line.scripts().walk_revisions())) + 1
    with engine.begin() as conn:
        script = command.revision(line.config(conn), message, autogenerate=True, rev_id=f"{number:04d}")
    return Path(script.path)
