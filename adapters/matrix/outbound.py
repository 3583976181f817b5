"""Sending a `chat.out.matrix` message: a reply (`m.in_reply_to`) where it answers one, in
the thread (`m.thread`) the answered message was written in.

The transaction id is the message's own id, on a fixed device: a message redelivered after
a crash is the same transaction, and the homeserver does not post it twice.

- M_LIMIT_EXCEEDED: waited out as the homeserver asks (`retry_after_ms`) and sent again, in
  place, so later messages wait behind it and everything arrives in order; up to
  `LASTMILE_MATRIX_MAX_RATE_WAIT` seconds in all, then handed back (tried again later).
- A homeserver that does not answer, or answers 5xx: tried every second, `_SEND_ATTEMPTS`
  times, then handed back (`Unreachable`: the outgoing loop tries it again later).
- A refusal is final: a `failed` receipt with the homeserver's errcode and message, and why
  it can never be delivered (`left`: the bot is not in the room, kicked or banned;
  `chat_gone`: no such room; `refused`: anything else, e.g. a message too large).
- An end-to-end encrypted room gets nothing in the clear: `failed` (`refused`), and the room
  is told once how to open one that can be read.
"""

from __future__ import annotations

import asyncio
import time

from mautrix.errors import MatrixRequestError, MForbidden, MNotFound
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_fixed

from shared.contracts.chat import ChatOut, ChatReceipt

from ..outgoing import Unreachable
from .client import MatrixClient, RateLimited, transient
from .encrypted import EncryptedRooms
from .mapping import reply_content, thread_of
from .metrics import MatrixMetrics
from .rooms import Rooms

ENCRYPTED = ("the room is end-to-end encrypted: lastmile does not post into it in the clear "
             "(the room was told once how to open one it can read)")


def failed(out: ChatOut, exc: MatrixRequestError) -> ChatReceipt:
    reason = "left" if isinstance(exc, MForbidden) else "chat_gone" if isinstance(exc, MNotFound) else "refused"
    return ChatReceipt(message_id=out.message_id, status="failed", reason=reason,
                       error=f"{exc.errcode or exc.http_status}: {exc.message}"[:2000])


class Threads:
    """Which thread an answered event was written in (asked of the homeserver, remembered)."""

    def __init__(self, client: MatrixClient, size: int = 4096):
        self.client = client
        self.size = size
        self.roots: dict[str, str | None] = {}

    async def root(self, room_id: str, event_id: str) -> str | None:
        if event_id not in self.roots:
            try:
                root = thread_of(await self.client.event(room_id, event_id))
            except MatrixRequestError as exc:
                if transient(exc):
                    raise
                root = None  # gone or not ours to see: answer in the room
            if len(self.roots) >= self.size:
                self.roots.clear()
            self.roots[event_id] = root
        return self.roots[event_id]


class MatrixOutbound:
    def __init__(self, client: MatrixClient, rooms: Rooms, encrypted: EncryptedRooms, metrics: MatrixMetrics,
                 attempts: int, max_rate_wait: float):
        self.client = client
        self.rooms = rooms
        self.encrypted = encrypted
        self.metrics = metrics
        self.threads = Threads(client)
        self.attempts = attempts
        self.max_rate_wait = max_rate_wait

    async def _send_waiting_out_limits(self, room_id: str, content: dict, txn_id: str) -> None:
        give_up = time.monotonic() + self.max_rate_wait
        while True:
            try:
                await self.client.send(room_id, content, txn_id)
                return
            except RateLimited as exc:
                self.metrics.rate_limited.inc()
                if time.monotonic() + exc.retry_after > give_up:
                    raise
                await asyncio.sleep(exc.retry_after)

    async def send(self, out: ChatOut) -> ChatReceipt:
        # Every second: a homeserver back from an outage is used within a second.
        retrying = AsyncRetrying(stop=stop_after_attempt(self.attempts), wait=wait_fixed(1),
                                 retry=retry_if_exception(transient), reraise=True)
        try:
            if await self.rooms.is_encrypted(out.chat_id):
                await self.encrypted.tell(out.chat_id)
                return ChatReceipt(message_id=out.message_id, status="failed", reason="refused", error=ENCRYPTED)
            root = await self.threads.root(out.chat_id, out.reply_to) if out.reply_to else None
            content = reply_content(out.text, out.reply_to, root)
            await retrying(self._send_waiting_out_limits, out.chat_id, content, out.message_id)
        except Exception as exc:
            if transient(exc):
                raise Unreachable(f"{type(exc).__name__}: {exc}") from exc
            if isinstance(exc, MatrixRequestError):
                return failed(out, exc)
            raise
        return ChatReceipt(message_id=out.message_id, status="delivered")
