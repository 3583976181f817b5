"""The webhook adapter as an ASGI app (Starlette), its NATS side started with the app."""

from __future__ import annotations

from contextlib import asynccontextmanager

from starlette.applications import Starlette

from .inbound import ROUTES
from .settings import WebhookSettings
from .state import AdapterState


def make_app(settings: WebhookSettings) -> Starlette:
    state = AdapterState(settings)

    @asynccontextmanager
    async def lifespan(app):
        await state.start()
        try:
            yield
        finally:
            await state.stop()

    app = Starlette(routes=ROUTES, lifespan=lifespan)
    app.state.adapter = state
    return app
