"""Short human ids: consecutive per kind, never given twice, given back on rollback."""

from __future__ import annotations

import pytest

from shared.runtime.counters import next_id, next_number
from shared.runtime.store import Store


@pytest.fixture
def store(settings_for):
    settings = settings_for()
    store = Store(settings.database_url_for("counting"), schema=settings.schema_for("counting"))
    store.migrate()
    yield store
    store.close()


def test_numbers_are_consecutive_per_kind(store):
    assert [store.run_sync(next_number, "GB") for _ in range(3)] == [1, 2, 3]
    assert store.run_sync(next_id, "V") == "V1"
    assert store.run_sync(next_id, "GB") == "GB4"


def test_a_rolled_back_transaction_gives_its_number_back(store):
    def take_and_fail(conn):
        next_number(conn, "A")
        raise RuntimeError("the handler failed")

    with pytest.raises(RuntimeError):
        store.run_sync(take_and_fail)
    assert store.run_sync(next_id, "A") == "A1"
