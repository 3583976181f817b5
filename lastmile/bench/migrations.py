"""What migrating a store costs at service start: every service's store brought from empty
to head, then opened again at head (what every later start pays), on SQLite and, given a
URL, on PostgreSQL (a throw-away schema each, dropped after).

    python -m lastmile.bench.migrations [postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid

from sqlalchemy import text

from lastmile.ops.inventory import services
from shared.runtime.settings import ServiceSettings
from shared.runtime.store import Store


def measure(url: str | None) -> tuple[list[float], list[float]]:
    first, again = [], []
    with tempfile.TemporaryDirectory() as folder:
        for service in services():
            definition = service.definition()
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            where = ServiceSettings(database_url=url).database_url if url else f"sqlite:///{folder}/{service.name}.db"
            store = Store(where, schema=schema, metadata=definition.metadata, migrations=definition.migrations)
            try:
                started = time.perf_counter()
                store.migrate()
                middle = time.perf_counter()
                store.migrate()
                first.append((middle - started) * 1000)
                again.append((time.perf_counter() - middle) * 1000)
            finally:
                if url:
                    with store.engine.begin() as conn:
                        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                store.close()
    return first, again


def main() -> None:
    for url in [None, *sys.argv[1:2]]:
        first, again = measure(url)
        print(f"{'postgresql' if url else 'sqlite':10} {len(first)} stores, empty to head: median "
              f"{statistics.median(first):.0f} ms (max {max(first):.0f}); already at head: median "
              f"{statistics.median(again):.0f} ms (max {max(again):.0f})")


if __name__ == "__main__":
    main()
