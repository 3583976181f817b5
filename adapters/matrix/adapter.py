"""The Matrix platform as the adapter process runs it: log in, sync, send."""

from __future__ import annotations

from mautrix.errors import MatrixRequestError

from shared.contracts.chat import ChatOut, ChatReceipt
from shared.runtime.errors import StartupError

from ..metrics import AdapterMetrics
from ..position import Position
from . import outbound
from .client import MatrixClient
from .inbound import MatrixInbound
from .mapping import PLATFORM
from .settings import MatrixSettings


class MatrixPlatform:
    platform = PLATFORM

    def __init__(self, settings: MatrixSettings, js, metrics: AdapterMetrics):
        self.settings = settings
        self.client = MatrixClient(settings)
        position = Position(settings.data_dir / "adapters" / "matrix.next_batch")
        self.inbound = MatrixInbound(self.client, js, position, metrics, settings.matrix_timeline_limit)

    @property
    def reachable(self) -> bool:
        return self.inbound.reachable

    async def open(self) -> None:
        try:
            await self.client.login()
        except MatrixRequestError as exc:
            raise StartupError(f"LASTMILE_MATRIX_USER/_PASSWORD/_ACCESS_TOKEN: the homeserver refused the "
                               f"login ({exc.errcode}: {exc.message})") from None

    async def receive(self) -> None:
        await self.inbound.run()

    async def send(self, out: ChatOut) -> ChatReceipt:
        return await outbound.send(self.client, out, self.settings.matrix_send_attempts)

    async def close(self) -> None:
        await self.client.close()


def build(settings: MatrixSettings):
    if not settings.configured:
        raise StartupError("LASTMILE_MATRIX_HOMESERVER is not set: nothing to connect to")
    return lambda js, metrics: MatrixPlatform(settings, js, metrics)
