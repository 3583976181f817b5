"""Waiting on conditions with a deadline, never on bare sleeps."""

from __future__ import annotations

import asyncio
import time
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


async def eventually(check: Callable[[], Awaitable[T]], *, timeout: float = 30.0,
                     interval: float = 0.05, what: str = "condition") -> T:
    """Poll `check` until it returns something truthy; fail with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")


async def stream_messages(js, stream: str) -> list:
    """Every message currently in a stream, in order."""
    info = await js.stream_info(stream)
    messages = []
    for seq in range(info.state.first_seq, info.state.last_seq + 1):
        try:
            messages.append(await js.get_msg(stream, seq))
        except Exception:
            continue
    return messages
