"""The long-poll loop: what people write to the bot, into `chat.in.telegram`.

Telegram forgets an update only when a later `getUpdates` asks from a higher offset. The
offset is saved, and used, only after JetStream acked every update before it: a crash
replays them from Telegram, and the dedupe key (`Nats-Msg-Id`) drops what JetStream has.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot

from ..envelope import publish_in
from ..metrics import AdapterMetrics
from ..position import Position
from .mapping import to_chat_in

log = logging.getLogger("lastmile.telegram")
ALLOWED = ["message", "edited_message"]


class TelegramInbound:
    def __init__(self, bot: Bot, js, position: Position, metrics: AdapterMetrics, poll_timeout: int):
        self.bot = bot
        self.js = js
        self.position = position
        self.metrics = metrics
        self.poll_timeout = poll_timeout
        self.reachable = False

    async def round(self, offset: int | None) -> int | None:
        """One getUpdates; returns the offset it saved (or the one it had)."""
        updates = await self.bot.get_updates(offset=offset, timeout=self.poll_timeout, allowed_updates=ALLOWED)
        self.reachable = True
        for update in updates:  # in order: an edit never lands before its original
            message = to_chat_in(update)
            if message is not None:
                ack = await publish_in(self.js, message)
                (self.metrics.replayed if ack.duplicate else self.metrics.received).inc()
        if not updates:
            return offset
        offset = updates[-1].update_id + 1
        self.position.save(str(offset))
        return offset

    async def run(self) -> None:
        saved = self.position.load()
        offset, delay = int(saved) if saved else None, 0.5
        while True:
            try:
                offset, delay = await self.round(offset), 0.5
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Telegram or NATS away: the same updates again, later
                self.reachable = False
                self.metrics.reconnects.inc()
                log.warning("getUpdates round failed (%s: %s); retrying in %.1fs", type(exc).__name__, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30)
