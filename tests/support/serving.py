"""An ASGI app served by uvicorn on a free loopback port inside the test's event loop."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager

import uvicorn

from .servers import free_port
from .waiting import eventually


@asynccontextmanager
async def serving(app, port: int | None = None):
    """`port`: serve again where a stopped server was (a platform coming back)."""
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                          timeout_graceful_shutdown=1))
    task = asyncio.create_task(server.serve())

    async def started():
        return server.started

    await eventually(started, what="HTTP server up")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
