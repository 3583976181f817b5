"""The Telegram platform as the adapter process runs it: the bot, its long poll, its sender."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import InvalidToken, TelegramError
from telegram.request import HTTPXRequest
from tenacity import AsyncRetrying, retry_if_exception, wait_exponential

from shared.contracts.chat import ChatOut, ChatReceipt
from shared.runtime.errors import StartupError

from ..metrics import AdapterMetrics
from ..position import Position
from .chats import Chats
from .inbound import TelegramInbound
from .mapping import PLATFORM
from .outbound import TelegramSender, transient
from .settings import TelegramSettings
from .telegram_metrics import TelegramMetrics

log = logging.getLogger("lastmile.telegram")


def privacy_advice(username: str) -> str:
    return (f"Telegram privacy mode is ON for @{username}: in a group where the bot is not an admin, Telegram hands "
            f"it only commands addressed to it (/status@{username}), replies to its messages and mentions — "
            f"plain messages such as '接龙 GB1 2' or '群登记 3' never reach lastmile and nobody is answered. "
            f"Fix: in @BotFather send /setprivacy, choose @{username}, Disable (then remove and re-add the bot "
            f"to each group), or make the bot an admin of each building group.")


class TelegramPlatform:
    platform = PLATFORM

    def __init__(self, settings: TelegramSettings, js, metrics: AdapterMetrics):
        self.bot = Bot(settings.telegram_token, base_url=f"{settings.api_base}/bot", request=HTTPXRequest(read_timeout=15),
                       get_updates_request=HTTPXRequest(read_timeout=10))
        folder = settings.data_dir / "adapters"
        chats = Chats(folder / "telegram.chats.json")
        self.telegram = TelegramMetrics(metrics.registry)
        self.inbound = TelegramInbound(self.bot, js, Position(folder / "telegram.offset"), chats, metrics,
                                       self.telegram, settings.telegram_poll_timeout, settings.telegram_conflict_retry)
        self.sender = TelegramSender(self.bot, chats, settings.telegram_send_attempts, settings.telegram_max_retry_after)

    @property
    def reachable(self) -> bool:
        return self.inbound.reachable

    def checks(self) -> dict[str, bool]:
        """`/health`: the Bot API answers, and no one else takes this bot's updates (409)."""
        return {"platform": self.inbound.reachable, "sole_poller": self.inbound.conflict is None}

    async def open(self) -> None:
        try:  # getMe checks the token; a Bot API that is away is waited for
            async for attempt in AsyncRetrying(retry=retry_if_exception(transient), wait=wait_exponential(max=30)):
                with attempt:
                    await self.bot.initialize()
        except InvalidToken as exc:
            raise StartupError(f"LASTMILE_TELEGRAM_TOKEN: refused by the Bot API ({exc})") from None
        except TelegramError as exc:
            raise StartupError(f"LASTMILE_TELEGRAM_API_URL: the Bot API did not answer getMe ({exc})") from None
        me = self.bot.bot  # getMe, as initialize() read it
        self.inbound.username = me.username
        private = not me.can_read_all_group_messages
        self.telegram.privacy_mode.set(1 if private else 0)
        if private:
            log.warning(privacy_advice(me.username))
        else:
            log.info("Telegram: @%s reads all group messages (privacy mode off)", me.username)

    async def receive(self) -> None:
        await self.inbound.run()

    async def send(self, out: ChatOut) -> ChatReceipt:
        return await self.sender.send(out)

    async def close(self) -> None:
        await self.bot.shutdown()


def build(settings: TelegramSettings):
    if not settings.configured:
        raise StartupError("LASTMILE_TELEGRAM_TOKEN is not set: no bot to run")
    return lambda js, metrics: TelegramPlatform(settings, js, metrics)
