"""The store's fixed costs per transaction, on a scratch SQLite file: what a pool checkout
costs against the worker's kept connection, and what a hop to the worker thread costs.

Usage: .venv/bin/python -m lastmile.bench.store_micro [TRANSACTIONS]
(the kept connection and the executor round trip; docs/performance.md says when to run it)
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from shared.runtime.loop import run
from shared.runtime.store import make_engine


def _per_transaction_us(count: int, folder: Path) -> tuple[float, float]:
    engine = make_engine(f"sqlite:///{folder / 'micro.db'}", schema="micro")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (a INTEGER)")
    started = time.perf_counter()
    for _ in range(count):
        with engine.begin() as conn:  # a pool checkout and reset per transaction
            conn.exec_driver_sql("INSERT INTO t VALUES (1)")
    checkout = (time.perf_counter() - started) / count * 1e6
    kept = engine.connect()
    started = time.perf_counter()
    for _ in range(count):
        with kept.begin():  # the worker's kept connection (Store.run on SQLite)
            kept.exec_driver_sql("INSERT INTO t VALUES (1)")
    on_kept = (time.perf_counter() - started) / count * 1e6
    kept.close()
    engine.dispose()
    return checkout, on_kept


async def _executor_round_trip_cpu_us(count: int) -> float:
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(1) as worker:
        started = time.process_time()
        for _ in range(count):
            await loop.run_in_executor(worker, int)
        return (time.process_time() - started) / count * 1e6


def main(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="lastmile-micro-") as folder:
        checkout, kept = _per_transaction_us(count, Path(folder))
    return {"one_row_txn_pool_checkout_us": checkout, "one_row_txn_kept_connection_us": kept,
            "executor_round_trip_cpu_us": run(_executor_round_trip_cpu_us(count))}


if __name__ == "__main__":
    for name, value in main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000).items():
        print(f"{name}: {value:.1f}")
