"""The demo's chat platform: a `BenchChat` that also behaves like a real adapter after
sending — it receipts every `chat.out` as delivered — and keeps each chat's messages, so the
day can read what a person was told (their ids, their notices) the way they would."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from typing import Callable

from shared.contracts.chat import ChatReceipt
from shared.contracts.subjects import chat_receipt

from ..bench.chat import BenchChat

PLATFORM = "demo"


class DemoChat(BenchChat):
    def __init__(self, nc, platform: str = PLATFORM):
        super().__init__(nc, platform)
        self.inbox: dict[str, list[dict]] = defaultdict(list)  # chat id → messages, in order
        self.answers: dict[str, list[dict]] = defaultdict(list)  # message id → its replies
        self._receipts: set[asyncio.Task] = set()

    def received(self, out: dict) -> None:
        super().received(out)
        self.inbox[out["chat_id"]].append(out)
        if out.get("reply_to"):
            self.answers[out["reply_to"]].append(out)
        receipt = ChatReceipt(message_id=out["message_id"], status="delivered")
        task = asyncio.get_running_loop().create_task(self.js.publish(
            chat_receipt(self.platform), receipt.model_dump_json().encode(),
            headers={"Nats-Msg-Id": f"receipt:{self.platform}:{out['message_id']}:delivered"}))
        self._receipts.add(task)  # kept until published (the loop holds only weak references)
        task.add_done_callback(self._receipts.discard)

    async def flush(self) -> None:
        await self.js.publish_async_completed()

    async def until(self, check: Callable[[], bool], timeout: float, what: str) -> None:
        """Wait for what people should be told; a clear error naming it if it never comes."""
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise TimeoutError(f"still waiting after {timeout:.0f} s for {what}")
            await asyncio.sleep(0.02)
