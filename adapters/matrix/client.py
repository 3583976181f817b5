"""The few homeserver calls the adapter makes, on mautrix's client API (raw JSON: the
adapter reads sync responses itself, so it alone decides when a position is safe)."""

from __future__ import annotations

from aiohttp import ClientSession, ClientTimeout
from mautrix.api import Method, Path
from mautrix.client import ClientAPI
from mautrix.errors import MNotFound
from mautrix.types import EventType, RoomID, UserID

from .settings import MatrixSettings


class MatrixClient:
    def __init__(self, settings: MatrixSettings):
        self.settings = settings
        timeout = ClientTimeout(total=settings.matrix_sync_timeout + 30)
        self.api = ClientAPI(base_url=str(settings.matrix_homeserver).rstrip("/"),
                             token=settings.matrix_access_token or "",
                             client_session=ClientSession(timeout=timeout))
        self.me = ""

    async def login(self) -> str:
        s = self.settings
        if s.matrix_access_token:
            self.api.mxid = (await self.api.whoami()).user_id
        else:
            await self.api.login(identifier=UserID(s.matrix_user), password=s.matrix_password,
                                 device_id=s.matrix_device_id, device_name="lastmile")
        self.me = self.api.mxid
        return self.me

    async def timeline_filter(self, limit: int) -> str:
        answer = await self.api.api.request(Method.POST, Path.v3.user[self.me].filter,
                                            {"room": {"timeline": {"limit": limit}}})
        return answer["filter_id"]

    async def sync(self, since: str | None, filter_id: str) -> dict:
        return await self.api.sync(since=since, filter_id=filter_id,
                                   timeout=int(self.settings.matrix_sync_timeout * 1000))

    async def page_back(self, room_id: str, start: str, stop: str) -> list[dict]:
        """A room's events between two sync positions (a `limited` timeline's gap), oldest first."""
        found, token = [], start
        while token:
            page = await self.api.api.request(Method.GET, Path.v3.rooms[room_id].messages, query_params={
                "dir": "b", "from": token, "to": stop, "limit": "100"})
            chunk = page.get("chunk") or []
            found.extend(chunk)
            token = page.get("end") if chunk else None
        return list(reversed(found))

    async def direct_rooms(self) -> dict[str, list[str]]:
        """The bot's `m.direct` account data: person → their direct rooms with the bot."""
        try:
            return await self.api.api.request(Method.GET, Path.v3.user[self.me].account_data["m.direct"])
        except MNotFound:
            return {}

    async def remember_direct(self, person: str, room_id: str) -> None:
        rooms = await self.direct_rooms()
        if room_id not in rooms.get(person, []):
            rooms.setdefault(person, []).append(room_id)
            await self.api.api.request(Method.PUT, Path.v3.user[self.me].account_data["m.direct"], rooms)

    async def join(self, room_id: str) -> None:
        await self.api.join_room_by_id(RoomID(room_id))

    async def send(self, room_id: str, content: dict, txn_id: str) -> str:
        return await self.api.send_message_event(RoomID(room_id), EventType.ROOM_MESSAGE,
                                                 content, txn_id=txn_id)

    async def close(self) -> None:
        await self.api.api.session.close()
