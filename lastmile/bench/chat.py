"""A chat platform for the benchmark: speaks only the chat envelope, like any adapter, and
times each reply by its `reply_to` (the message it answers). `lastmile demo`'s chat builds on it."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from datetime import datetime, timezone

from nats.aio.client import Client

from shared.contracts.chat import ChatIn

PLATFORM = "bench"


class BenchChat:
    def __init__(self, nc: Client, platform: str = PLATFORM):
        self.nc = nc
        self.js = nc.jetstream()
        self.platform = platform
        self.sent_at: dict[str, float] = {}
        self.replied_at: dict[str, float] = {}
        self.replies: list[dict] = []
        self._counter = 0
        # Message ids of this run: a second run on the same stores (the PostgreSQL demo, run
        # again) would otherwise send `m1`, `m2`… again, and every inbox would skip them.
        self._run = secrets.token_hex(3)
        self._awaited: set[str] = set()  # ids a wait_replies is waiting for, not yet answered
        self._all_answered = asyncio.Event()

    async def listen(self) -> None:
        await self.nc.subscribe(f"chat.out.{self.platform}", cb=self._on_out)

    async def _on_out(self, msg) -> None:
        self.received(json.loads(msg.data))

    def received(self, out: dict) -> None:
        self.replies.append(out)
        if out.get("reply_to") and out["reply_to"] not in self.replied_at:
            self.replied_at[out["reply_to"]] = time.perf_counter()
            self._awaited.discard(out["reply_to"])
            if not self._awaited:
                self._all_answered.set()

    async def say(self, sender: str, text: str, *, wait_ack: bool = True, chat_id: str | None = None,
                  message_id: str | None = None, revision: int = 0) -> str:
        """Publish what `sender` wrote (in their direct chat unless `chat_id` names a group);
        returns the message id. The same `message_id` with a higher `revision` is an edit."""
        if message_id is None:
            self._counter += 1
            message_id = f"{self._run}-m{self._counter}"
        message = ChatIn(platform=self.platform, chat_id=chat_id or f"dm-{sender}",
                         chat_type="group" if chat_id else "direct", sender_id=sender,
                         message_id=message_id, revision=revision, text=text, sent_at=datetime.now(timezone.utc))
        self.sent_at.setdefault(message_id, time.perf_counter())
        publish = self.js.publish if wait_ack else self.js.publish_async
        await publish(f"chat.in.{self.platform}", message.model_dump_json().encode(),
                      headers={"Nats-Msg-Id": message.dedupe_key})
        return message_id

    async def wait_replies(self, message_ids: list[str], timeout: float) -> bool:
        """Until each message has a reply: woken by the last one, not by polling them all (the
        load generator shares the machine's cores with what it measures)."""
        self._awaited = {m for m in message_ids if m not in self.replied_at}
        if not self._awaited:
            return True
        self._all_answered.clear()
        try:
            await asyncio.wait_for(self._all_answered.wait(), timeout)
            return True
        except asyncio.TimeoutError:
            return False
        finally:
            self._awaited = set()

    def latencies_ms(self, message_ids: list[str]) -> list[float]:
        return sorted((self.replied_at[m] - self.sent_at[m]) * 1000 for m in message_ids if m in self.replied_at)

    def timeline(self, message_ids: list[str]) -> list[tuple[float, float]]:
        """(seconds since the first was sent, latency in ms) per answered message, in sending
        order: whether a p99 comes from one stall or from queues all along."""
        start = min(self.sent_at[m] for m in message_ids)
        return [(round(self.sent_at[m] - start, 4), round((self.replied_at[m] - self.sent_at[m]) * 1000, 2))
                for m in message_ids if m in self.replied_at]
