"""Sending a `chat.out.telegram` message: `sendMessage` (a reply where it answers one), split
into Telegram-sized parts, retried on 429 after the `retry_after` Telegram asks for.

Telegram has no idempotency key: a crash between sending and the ack sends the message again
when it is redelivered (at least once, never lost).
"""

from __future__ import annotations

import warnings
from datetime import timedelta

from telegram import Bot, ReplyParameters
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from shared.contracts.chat import ChatOut, ChatReceipt

from ..outgoing import Unreachable
from .mapping import chunks


def retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that int becomes timedelta; take either
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def transient(exc: BaseException) -> bool:
    return isinstance(exc, RetryAfter) or (isinstance(exc, NetworkError) and not isinstance(exc, BadRequest))


class TelegramSender:
    def __init__(self, bot: Bot, attempts: int, max_retry_after: float):
        self.bot = bot
        self.attempts = attempts
        self.max_retry_after = max_retry_after
        self._backoff = wait_exponential(multiplier=0.5, max=30)

    def _wait(self, state) -> float:
        exc = state.outcome.exception()
        if isinstance(exc, RetryAfter):
            return min(retry_after_seconds(exc), self.max_retry_after)
        return self._backoff(state)

    async def _send(self, chat_id: str, text: str, reply_to: str | None) -> None:
        reply = ReplyParameters(message_id=int(reply_to), allow_sending_without_reply=True) if reply_to else None
        await self.bot.send_message(chat_id=chat_id, text=text, reply_parameters=reply)

    async def send(self, out: ChatOut) -> ChatReceipt:
        retrying = AsyncRetrying(stop=stop_after_attempt(self.attempts), wait=self._wait,
                                 retry=retry_if_exception(transient), reraise=True)
        try:
            for index, part in enumerate(chunks(out.text)):
                await retrying(self._send, out.chat_id, part, out.reply_to if index == 0 else None)
        except TelegramError as exc:
            if transient(exc):
                raise Unreachable(f"{type(exc).__name__}: {exc}") from exc
            return ChatReceipt(message_id=out.message_id, status="failed", error=f"{type(exc).__name__}: {exc}"[:2000])
        except ValueError as exc:  # reply_to is not a Telegram message id
            return ChatReceipt(message_id=out.message_id, status="failed", error=f"bad reply_to: {exc}"[:2000])
        return ChatReceipt(message_id=out.message_id, status="delivered")
