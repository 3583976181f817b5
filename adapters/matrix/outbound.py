"""Sending a `chat.out.matrix` message: a reply (`m.in_reply_to`) where it answers one.

The transaction id is the message's own id, on a fixed device: a message redelivered after
a crash is the same transaction, and the homeserver does not post it twice.
"""

from __future__ import annotations

from aiohttp import ClientError
from mautrix.errors import MatrixConnectionError, MatrixRequestError, MLimitExceeded
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from shared.contracts.chat import ChatOut, ChatReceipt

from ..outgoing import Unreachable
from .client import MatrixClient
from .mapping import reply_content


def transient(exc: BaseException) -> bool:
    if isinstance(exc, MatrixRequestError):
        return isinstance(exc, MLimitExceeded) or exc.http_status >= 500
    return isinstance(exc, (MatrixConnectionError, ClientError, TimeoutError))


async def send(client: MatrixClient, out: ChatOut, attempts: int) -> ChatReceipt:
    retrying = AsyncRetrying(stop=stop_after_attempt(attempts), wait=wait_exponential(multiplier=0.5, max=30),
                             retry=retry_if_exception(transient), reraise=True)
    try:
        await retrying(client.send, out.chat_id, reply_content(out.text, out.reply_to), out.message_id)
    except Exception as exc:
        if transient(exc):
            raise Unreachable(f"{type(exc).__name__}: {exc}") from exc
        if isinstance(exc, MatrixRequestError):
            return ChatReceipt(message_id=out.message_id, status="failed",
                               error=f"{exc.errcode or exc.http_status}: {exc.message}"[:2000])
        raise
    return ChatReceipt(message_id=out.message_id, status="delivered")
