"""Sending a `chat.out.telegram` message: `sendMessage` (a reply where it answers one, in the
forum topic of its chat), split into Telegram-sized parts, retried on 429 after the
`retry_after` Telegram asks for.

- A message in parts that fails half-way is handed back (NATS redelivers it); the parts
  already sent are remembered per message id, so the retry sends only the rest.
- Refusals are `failed` receipts with a reason (Bot API error texts): 403 "bot was blocked
  by the user" / "user is deactivated" / "can't initiate conversation" → `blocked`, 403
  "kicked" / "not a member" → `left`, 400 "chat not found" → `chat_gone`, any other 400 →
  `refused`. None of them is retried by notify.
- A group upgraded to a supergroup (400 with `migrate_to_chat_id`, PTB's `ChatMigrated`)
  is remembered (chats.py) and the message sent to the new chat at once.

Telegram has no idempotency key: a crash between sending and the ack sends the message again
when it is redelivered (at least once, never lost).
"""

from __future__ import annotations

import logging
import warnings
from collections import OrderedDict
from datetime import timedelta

from telegram import Bot, ReplyParameters
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from shared.contracts.chat import ChatOut, ChatReceipt

from ..outgoing import Unreachable
from .chats import Chats, telegram_message
from .mapping import chunks

log = logging.getLogger("lastmile.telegram")
REMEMBERED = 1000  # half-sent messages whose progress is kept (a few at a time in practice)


def retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that int becomes timedelta; take either
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def transient(exc: BaseException) -> bool:
    return isinstance(exc, RetryAfter) or (isinstance(exc, NetworkError) and not isinstance(exc, BadRequest))


def reason_of(exc: TelegramError) -> str:
    text = exc.message.lower()
    if isinstance(exc, Forbidden):
        return "left" if ("kicked" in text or "not a member" in text) else "blocked"
    if "chat not found" in text:
        return "chat_gone"
    return "refused"


class TelegramSender:
    def __init__(self, bot: Bot, chats: Chats, attempts: int, max_retry_after: float):
        self.bot = bot
        self.chats = chats
        self.attempts = attempts
        self.max_retry_after = max_retry_after
        self._backoff = wait_exponential(multiplier=0.5, max=30)
        self._parts_sent: OrderedDict[str, int] = OrderedDict()

    def _wait(self, state) -> float:
        exc = state.outcome.exception()
        if isinstance(exc, RetryAfter):
            return min(retry_after_seconds(exc), self.max_retry_after)
        return self._backoff(state)

    async def _send(self, out: ChatOut, text: str, reply_to: str | None) -> None:
        chat, topic = self.chats.telegram_chat(out.chat_id)
        reply = ReplyParameters(message_id=telegram_message(reply_to), allow_sending_without_reply=True) if reply_to else None
        try:
            await self.bot.send_message(chat_id=chat, text=text, reply_parameters=reply, message_thread_id=topic)
        except ChatMigrated as exc:
            if self.chats.moved(chat, exc.new_chat_id):
                log.warning("Telegram chat %s became supergroup %s: sending there from now on", chat, exc.new_chat_id)
            await self.bot.send_message(chat_id=exc.new_chat_id, text=text, reply_parameters=reply,
                                        message_thread_id=topic)

    async def send(self, out: ChatOut) -> ChatReceipt:
        retrying = AsyncRetrying(stop=stop_after_attempt(self.attempts), wait=self._wait,
                                 retry=retry_if_exception(transient), reraise=True)
        parts = chunks(out.text)
        done = self._parts_sent.get(out.message_id, 0)
        try:
            for index in range(done, len(parts)):
                await retrying(self._send, out, parts[index], out.reply_to if index == 0 else None)
                self._progress(out.message_id, index + 1)
        except TelegramError as exc:
            if transient(exc):
                raise Unreachable(f"{type(exc).__name__}: {exc}") from exc
            return self._failed(out, reason_of(exc), f"{type(exc).__name__}: {exc}")
        except ValueError as exc:  # reply_to is not a Telegram message id
            return self._failed(out, "refused", f"bad reply_to: {exc}")
        self._parts_sent.pop(out.message_id, None)
        return ChatReceipt(message_id=out.message_id, status="delivered")

    def _progress(self, message_id: str, sent: int) -> None:
        self._parts_sent[message_id] = sent
        self._parts_sent.move_to_end(message_id)
        while len(self._parts_sent) > REMEMBERED:
            self._parts_sent.popitem(last=False)

    def _failed(self, out: ChatOut, reason: str, error: str) -> ChatReceipt:
        self._parts_sent.pop(out.message_id, None)
        return ChatReceipt(message_id=out.message_id, status="failed", reason=reason, error=error[:2000])
