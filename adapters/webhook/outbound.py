"""Outgoing messages in push mode: POSTed to the platform's URL with retries; `Outgoing`
(adapters/outgoing.py) pulls them, publishes the receipt and acks.

A message is acked only after it was delivered or given up on (and receipted `failed`, with a
reason when it is final); a crash before that redelivers it after `ack_wait`.
What the platform's answer means: 2xx delivered; 429 wait its `Retry-After` (seconds, capped
by `LASTMILE_WEBHOOK_MAX_RETRY_AFTER`) and try again; 5xx and network errors retried with
back-off, then a `failed` receipt without a reason (a passing failure: notify tries again
later); 403 `blocked`, 404 `chat_gone`, 410 `left`, any other 4xx `refused` — a refusal will
not get better by asking again, so notify does not.
"""

from __future__ import annotations

import logging

import httpx
from tenacity import AsyncRetrying, RetryError, retry_if_exception, stop_after_attempt, wait_exponential

from shared.contracts.chat import ChatOut, ChatReceipt

from .settings import WebhookSettings

log = logging.getLogger("lastmile.webhook")
REASONS = {403: "blocked", 404: "chat_gone", 410: "left"}


def transient(exc: BaseException) -> bool:
    """Worth another try: the network, a 5xx, or 429. A 4xx will not get better."""
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code >= 500 or exc.response.status_code == 429
    return isinstance(exc, httpx.TransportError)


def retry_after(response: httpx.Response) -> float | None:
    """A 429's `Retry-After` in seconds (RFC 9110 also allows a date: then None, back-off)."""
    try:
        return max(0.0, float(response.headers.get("retry-after", "")))
    except ValueError:
        return None


def failure(out: ChatOut, exc: BaseException) -> ChatReceipt:
    if isinstance(exc, httpx.HTTPStatusError) and not transient(exc):
        reason = REASONS.get(exc.response.status_code, "refused")
    else:
        reason = None
    return ChatReceipt(message_id=out.message_id, status="failed", reason=reason,
                       error=f"{type(exc).__name__}: {exc}"[:2000])


class Pusher:
    def __init__(self, settings: WebhookSettings, client: httpx.AsyncClient):
        self.settings = settings
        self.client = client
        self.url = str(settings.webhook_outgoing_url)
        self.headers = {"Authorization": f"Bearer {settings.webhook_token}"} if settings.webhook_token else {}
        self._backoff = wait_exponential(multiplier=settings.webhook_backoff, max=30)

    def _wait(self, state) -> float:
        exc = state.outcome.exception()
        if isinstance(exc, httpx.HTTPStatusError) and exc.response.status_code == 429:
            asked = retry_after(exc.response)
            if asked is not None:
                return min(asked, self.settings.webhook_max_retry_after)
        return self._backoff(state)

    async def _post(self, out: ChatOut) -> None:
        response = await self.client.post(self.url, content=out.model_dump_json(), headers={
            **self.headers, "Content-Type": "application/json", "Idempotency-Key": out.message_id})
        response.raise_for_status()

    async def deliver(self, out: ChatOut) -> ChatReceipt:
        retrying = AsyncRetrying(stop=stop_after_attempt(self.settings.webhook_attempts), wait=self._wait,
                                 retry=retry_if_exception(transient))
        try:
            await retrying(self._post, out)
        except (RetryError, httpx.HTTPError) as exc:
            return failure(out, exc.last_attempt.exception() if isinstance(exc, RetryError) else exc)
        return ChatReceipt(message_id=out.message_id, status="delivered")
