"""The long-poll loop: what people write to the bot, into `chat.in.telegram`.

Telegram forgets an update only when a later `getUpdates` asks from a higher offset. The
offset is saved, and used, only after JetStream acked every update before it: a crash
replays them from Telegram, and the dedupe key (`Nats-Msg-Id`) drops what JetStream has.

An update that cannot be read into the envelope is skipped and counted
(`lastmile_adapter_telegram_updates_skipped_total`, a log line without its content): one bad
update never holds up the others behind it.

409 Conflict (Bot API: a webhook is set, or another `getUpdates` with this token is running)
is not a network hiccup: while it lasts this adapter receives nothing. It is an error for
the operator — logged with what to do, `lastmile_adapter_telegram_conflict` 1, `/health`
failing — and polling is tried again every `LASTMILE_TELEGRAM_CONFLICT_RETRY` seconds (30), so the adapter takes
over by itself once the other poller is gone.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot
from telegram.error import Conflict

from ..envelope import publish_in
from ..metrics import AdapterMetrics
from ..position import Position
from .chats import Chats
from .mapping import migration, to_chat_in
from .telegram_metrics import TelegramMetrics

log = logging.getLogger("lastmile.telegram")
ALLOWED = ["message", "edited_message"]
MAX_DELAY = 5.0  # seconds between getUpdates tries while the Bot API is away: back soon after it is


def conflict_advice(exc: Conflict) -> str:
    if "webhook" in exc.message.lower():
        return ("a webhook is set for this bot, so Telegram refuses getUpdates: remove it (Bot API deleteWebhook) "
                "or stop the deployment that set it")
    return ("another program is polling getUpdates with this bot token (a second lastmile adapter, or another "
            "bot framework): stop it — only one poller per token can receive updates")


class TelegramInbound:
    def __init__(self, bot: Bot, js, position: Position, chats: Chats, metrics: AdapterMetrics,
                 telegram: TelegramMetrics, poll_timeout: int, conflict_retry: float):
        self.bot = bot
        self.js = js
        self.position = position
        self.chats = chats
        self.metrics = metrics
        self.telegram = telegram
        self.poll_timeout = poll_timeout
        self.conflict_retry = conflict_retry
        self.reachable = False
        self.conflict: str | None = None
        self.username = ""

    async def round(self, offset: int | None) -> int | None:
        """One getUpdates; returns the offset it saved (or the one it had)."""
        updates = await self.bot.get_updates(offset=offset, timeout=self.poll_timeout, allowed_updates=ALLOWED)
        self.reachable = True
        self._conflict_over()
        for update in updates:  # in order: an edit never lands before its original
            moved = migration(update)
            if moved and self.chats.moved(*moved):
                log.warning("Telegram group %s was upgraded to supergroup %s: its registration and notices follow",
                            *moved)
            try:
                message = to_chat_in(update, username=self.username, chats=self.chats)
            except Exception as exc:  # the update itself: skipped, never the round (no content logged)
                self.telegram.skipped.inc()
                log.warning("skipped unreadable update %s (%s)", update.update_id, type(exc).__name__)
                continue
            if message is not None:
                ack = await publish_in(self.js, message)
                (self.metrics.replayed if ack.duplicate else self.metrics.received).inc()
        if not updates:
            return offset
        offset = updates[-1].update_id + 1
        self.position.save(str(offset))
        return offset

    def _conflict_over(self) -> None:
        if self.conflict:
            log.warning("Telegram: getUpdates answers again; the conflict is over")
            self.conflict = None
            self.telegram.conflict.set(0)

    def _in_conflict(self, exc: Conflict) -> None:
        if self.conflict is None:
            log.error("Telegram refuses to hand this adapter its updates (409 %s): %s. Nothing people write "
                      "reaches lastmile until then; trying again every %.0fs.", exc.message, conflict_advice(exc),
                      self.conflict_retry)
        self.conflict = exc.message
        self.telegram.conflict.set(1)

    async def run(self) -> None:
        saved = self.position.load()
        offset, delay = int(saved) if saved else None, 0.5
        while True:
            try:
                offset, delay = await self.round(offset), 0.5
            except asyncio.CancelledError:
                raise
            except Conflict as exc:
                self.reachable = False
                self._in_conflict(exc)
                await asyncio.sleep(self.conflict_retry)
            except Exception as exc:  # Telegram or NATS away: the same updates again, later
                self.reachable = False
                self.metrics.reconnects.inc()
                log.warning("getUpdates round failed (%s: %s); retrying in %.1fs", type(exc).__name__, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_DELAY)
