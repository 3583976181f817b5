"""What a chaos run left behind, counted from the streams and the stores after the system
went quiet: every effect by kind, and every effect that happened twice (the same business
key twice, which JetStream's duplicate window cannot catch)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nats.errors
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from shared.contracts import streams

# kind → (stream, event type, business key of one effect)
EVENTS = {
    "orders accepted": ("vetting", "order.accepted", lambda d: (d["groupbuy_id"], d["building"], d["room"])),
    "arrivals": ("holding", "arrival.registered", lambda d: d["arrival_id"]),
    "releases": ("holding", "hold.released", lambda d: d["arrival_id"]),
    "racked": ("delivery", "item.racked", lambda d: (d["item_id"], d["room"], d.get("person_id"))),
    "picked": ("delivery", "item.picked_up", lambda d: (d["item_id"], d["room"])),
}
KINDS = (*EVENTS, "tallied qty", "order lines", "chat.out")


@dataclass
class Tally:
    messages_in: int = 0  # chat.in messages in the stream (each once, by its dedupe key)
    counts: dict[str, int] = field(default_factory=dict)
    duplicated: dict[str, int] = field(default_factory=dict)  # same business key more than once

    @property
    def effects(self) -> int:
        return sum(self.counts[k] for k in KINDS if k not in ("tallied qty", "order lines"))

    def compare(self, baseline: "Tally") -> tuple[int, int]:
        """(lost, duplicated) against a run without faults."""
        lost = sum(max(0, baseline.counts[k] - self.counts[k]) for k in KINDS)
        extra = sum(max(0, self.counts[k] - baseline.counts[k]) for k in KINDS)
        twice = sum(max(0, n - baseline.duplicated.get(k, 0)) for k, n in self.duplicated.items())
        return lost, extra + twice


async def read_stream(js, stream: str, subject: str = ">", tries: int = 20) -> list:
    """Every message of `stream` on `subject`, through one ephemeral consumer; read again
    when the server is not ready for it (a cluster still placing the consumer: 503)."""
    for attempt in range(tries):
        try:
            return await _read(js, stream, subject)
        except (nats.errors.Error, asyncio.TimeoutError):
            if attempt == tries - 1:
                raise
            await asyncio.sleep(0.25)  # back-off before reading again
    raise AssertionError("unreachable")


async def _read(js, stream: str, subject: str) -> list:
    info = await js.stream_info(stream, subjects_filter=subject)
    wanted = sum((info.state.subjects or {}).values()) if subject != ">" else info.state.messages
    if not wanted:
        return []
    sub = await js.pull_subscribe(subject, stream=stream, config=ConsumerConfig(
        ack_policy=AckPolicy.NONE, deliver_policy=DeliverPolicy.ALL, inactive_threshold=30))
    found = []
    try:
        while len(found) < wanted:
            found += await sub.fetch(min(1000, wanted - len(found)), timeout=10)
    finally:
        await sub.unsubscribe()
    return found


async def subject_counts(js, stream: str) -> Counter:
    info = await js.stream_info(stream, subjects_filter=">")
    return Counter(info.state.subjects or {})


def _vetting_tally(folder: Path) -> tuple[int, int]:
    with sqlite3.connect(f"file:{folder / 'vetting.db'}?mode=ro", uri=True) as db:
        qty = db.execute("SELECT coalesce(sum(ordered), 0) FROM items").fetchone()[0]
        lines = db.execute("SELECT count(*) FROM order_lines").fetchone()[0]
    return qty, lines


async def take(js, community: str, folder: Path) -> Tally:
    tally = Tally()
    tally.messages_in = (await js.stream_info(streams.CHAT_IN.name)).state.messages
    for kind, (service, event_type, key) in EVENTS.items():
        messages = await read_stream(js, streams.events_stream(service).name,
                                     f"lm.{community}.{service}.{event_type}")
        keys = Counter(key(json.loads(m.data)["data"]) for m in messages)
        tally.counts[kind] = len(messages)
        tally.duplicated[kind] = sum(n - 1 for n in keys.values() if n > 1)
    tally.counts["tallied qty"], tally.counts["order lines"] = _vetting_tally(folder)
    out = [json.loads(m.data) for m in await read_stream(js, streams.CHAT_OUT.name)]
    tally.counts["chat.out"] = len(out)
    answers = Counter(o["reply_to"] for o in out if o.get("reply_to"))
    tally.duplicated["answered twice"] = sum(n - 1 for n in answers.values() if n > 1)
    texts = Counter((o["chat_id"], o["text"]) for o in out)
    tally.duplicated["same notice twice"] = sum(n - 1 for n in texts.values() if n > 1)
    return tally
