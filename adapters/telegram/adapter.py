"""The Telegram platform as the adapter process runs it: the bot, its long poll, its sender."""

from __future__ import annotations

from telegram import Bot
from telegram.error import InvalidToken, TelegramError
from telegram.request import HTTPXRequest
from tenacity import AsyncRetrying, retry_if_exception, wait_exponential

from shared.contracts.chat import ChatOut, ChatReceipt
from shared.runtime.errors import StartupError

from ..metrics import AdapterMetrics
from ..position import Position
from .inbound import TelegramInbound
from .mapping import PLATFORM
from .outbound import TelegramSender, transient
from .settings import TelegramSettings


class TelegramPlatform:
    platform = PLATFORM

    def __init__(self, settings: TelegramSettings, js, metrics: AdapterMetrics):
        self.bot = Bot(settings.telegram_token, base_url=f"{settings.api_base}/bot", request=HTTPXRequest(read_timeout=15),
                       get_updates_request=HTTPXRequest(read_timeout=10))
        position = Position(settings.data_dir / "adapters" / "telegram.offset")
        self.inbound = TelegramInbound(self.bot, js, position, metrics, settings.telegram_poll_timeout)
        self.sender = TelegramSender(self.bot, settings.telegram_send_attempts, settings.telegram_max_retry_after)

    @property
    def reachable(self) -> bool:
        return self.inbound.reachable

    async def open(self) -> None:
        try:  # getMe checks the token; a Bot API that is away is waited for
            async for attempt in AsyncRetrying(retry=retry_if_exception(transient), wait=wait_exponential(max=30)):
                with attempt:
                    await self.bot.initialize()
        except InvalidToken as exc:
            raise StartupError(f"LASTMILE_TELEGRAM_TOKEN: refused by the Bot API ({exc})") from None
        except TelegramError as exc:
            raise StartupError(f"LASTMILE_TELEGRAM_API_URL: the Bot API did not answer getMe ({exc})") from None

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
