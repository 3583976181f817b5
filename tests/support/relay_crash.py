"""Run the outbox relay once and SIGKILL this process between publishing and marking sent.

Usage: python -m tests.support.relay_crash NATS_URL DATABASE_URL SCHEMA
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import nats

from shared.runtime import relay as relay_module
from shared.runtime.metrics import RuntimeMetrics
from shared.runtime.relay import Relay
from shared.runtime.store import Store


def die_before_marking(conn, seqs):
    os.kill(os.getpid(), signal.SIGKILL)


async def main(nats_url: str, database_url: str, schema: str) -> None:
    store = Store(database_url, schema=schema)
    nc = await nats.connect(nats_url)
    relay_module.mark_sent = die_before_marking  # the crash point under test
    relay = Relay(store, lambda: nc.jetstream(), RuntimeMetrics("crash"), interval=1)
    await relay.drain()  # publishes, then marks in the next store call: killed there
    raise SystemExit("unreachable: the relay should have been killed")


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
