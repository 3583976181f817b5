"""A NATS connection for one-shot commands (`lastmile chat`, `dlq`, `provision`): connect, or
stop with one line naming the setting to fix, never a page of nats-py tracebacks."""

from __future__ import annotations

import asyncio

import nats
from nats.aio.client import Client

from .errors import StartupError
from .settings import ServiceSettings


async def connect_or_explain(settings: ServiceSettings, *, name: str, **options) -> Client:
    errors: list[str] = []

    async def remember(exc: Exception) -> None:  # nats-py would print a traceback per attempt
        errors.append(f"{type(exc).__name__}: {exc}".strip(": "))

    try:
        return await asyncio.wait_for(nats.connect(
            settings.nats_url.split(","), name=name, connect_timeout=settings.nats_connect_timeout,
            error_cb=remember, **({"max_reconnect_attempts": 1} | options),
        ), settings.nats_connect_timeout * 2)
    except Exception as exc:
        reason = errors[-1] if errors else (str(exc) or type(exc).__name__)
        raise StartupError(f"{settings.nats_variable}: cannot reach NATS at {settings.nats_url} ({reason}); "
                           "is `lastmile up` running?") from None
