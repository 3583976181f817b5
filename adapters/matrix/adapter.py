"""The Matrix platform as the adapter process runs it: log in, sync, send."""

from __future__ import annotations

from mautrix.errors import MatrixRequestError

from shared.contracts.chat import ChatOut, ChatReceipt
from shared.runtime.errors import StartupError

from ..metrics import AdapterMetrics
from ..position import Position
from .client import MatrixClient
from .encrypted import EncryptedRooms
from .inbound import MatrixInbound
from .mapping import PLATFORM
from .metrics import MatrixMetrics
from .outbound import MatrixOutbound
from .rooms import Rooms
from .settings import MatrixSettings


class MatrixPlatform:
    platform = PLATFORM

    def __init__(self, settings: MatrixSettings, js, metrics: AdapterMetrics):
        self.settings = settings
        folder = settings.data_dir / "adapters"
        # The token of the last login, beside the sync position: each restart reuses it, so
        # none is left behind valid; a new login only when the homeserver refuses it.
        self.client = MatrixClient(settings, Position(folder / "matrix.token", private=True))
        self.metrics = MatrixMetrics(metrics.registry)
        rooms = Rooms(self.client)
        encrypted = EncryptedRooms(self.client, self.metrics)
        self.inbound = MatrixInbound(self.client, js, Position(folder / "matrix.next_batch"), metrics,
                                     self.metrics, rooms, encrypted, settings.matrix_timeline_limit)
        self.outbound = MatrixOutbound(self.client, rooms, encrypted, self.metrics,
                                       settings.matrix_send_attempts, settings.matrix_max_rate_wait)

    @property
    def reachable(self) -> bool:
        return self.inbound.reachable

    async def open(self) -> None:
        try:
            await self.client.login()
        except MatrixRequestError as exc:
            raise StartupError(f"LASTMILE_MATRIX_USER/_PASSWORD/_ACCESS_TOKEN: the homeserver refused the "
                               f"login ({exc.errcode}: {exc.message})") from None
        self.metrics.logins.inc(self.client.logins)

    async def receive(self) -> None:
        await self.inbound.run()

    async def send(self, out: ChatOut) -> ChatReceipt:
        return await self.outbound.send(out)

    async def close(self) -> None:
        await self.client.close()


def build(settings: MatrixSettings):
    if not settings.configured:
        raise StartupError("LASTMILE_MATRIX_HOMESERVER is not set: nothing to connect to")
    return lambda js, metrics: MatrixPlatform(settings, js, metrics)
