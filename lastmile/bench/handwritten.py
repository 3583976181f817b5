"""(2b) The reference: a hand-written nats-py durable hop doing the same work as a lastmile
hop — inbox, one state row, one outbox row per message in one SQLite transaction per pulled
batch, then publish the outbox with dedupe ids, mark it sent and ack — with none of the
runtime's generality."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from nats.aio.client import Client
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig

from .load import publish_all

SCHEMA = """
CREATE TABLE inbox (consumer TEXT, key TEXT, PRIMARY KEY (consumer, key));
CREATE TABLE tallies (id INTEGER PRIMARY KEY, household TEXT, qty INTEGER);
CREATE TABLE outbox (seq INTEGER PRIMARY KEY, msg_id TEXT UNIQUE, subject TEXT, payload BLOB, sent INTEGER);
"""


def _commit(db: sqlite3.Connection, batch: list) -> list[tuple[int, str, bytes]]:
    rows = []
    with db:
        for msg in batch:
            envelope = json.loads(msg.data)
            if db.execute("INSERT OR IGNORE INTO inbox VALUES ('hand', ?)", (envelope["id"],)).rowcount == 0:
                continue
            data = envelope["data"]
            db.execute("INSERT INTO tallies (household, qty) VALUES (?, ?)", (data["household"], data["qty"]))
            out_id = envelope["id"] + ":out"
            body = json.dumps({"id": out_id, "data": data}).encode()
            seq = db.execute("INSERT INTO outbox (msg_id, subject, payload, sent) VALUES (?, ?, ?, 0)",
                             (out_id, "benchhandout.x", body)).lastrowid
            rows.append((seq, out_id, body))
    return rows


async def handwritten_hop(nc: Client, messages: list[tuple[str, bytes]], folder: Path) -> float:
    """Messages per second through the hand-written hop (input preloaded, output acked)."""
    js = nc.jetstream()
    await js.add_stream(StreamConfig(name="BENCH_HAND_IN", subjects=["benchhandin.>"]))
    await js.add_stream(StreamConfig(name="BENCH_HAND_OUT", subjects=["benchhandout.>"]))
    db = sqlite3.connect(folder / "handwritten.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    db.isolation_level = "IMMEDIATE"
    try:
        await publish_all(js, "benchhandin.x", messages)
        await js.add_consumer("BENCH_HAND_IN", ConsumerConfig(durable_name="hand", ack_policy=AckPolicy.EXPLICIT))
        subscription = await js.pull_subscribe_bind(durable="hand", stream="BENCH_HAND_IN")
        started, done = time.perf_counter(), 0
        while done < len(messages):
            batch = await subscription.fetch(500, timeout=5)
            rows = _commit(db, batch)
            futures = [await js.publish_async(subject="benchhandout.x", payload=body,
                                              headers={"Nats-Msg-Id": msg_id}) for _, msg_id, body in rows]
            for future in futures:
                await future
            with db:
                db.executemany("UPDATE outbox SET sent = 1 WHERE seq = ?", [(seq,) for seq, _, _ in rows])
            for msg in batch:
                await msg.ack()
            done += len(batch)
        return len(messages) / (time.perf_counter() - started)
    finally:
        db.close()
        await js.delete_stream("BENCH_HAND_IN")
        await js.delete_stream("BENCH_HAND_OUT")
