"""The few homeserver calls the adapter makes, on mautrix's client API (raw JSON: the
adapter reads sync responses itself, so it alone decides when a position is safe)."""

from __future__ import annotations

import json
import logging

from aiohttp import ClientError, ClientResponse, ClientSession, ClientTimeout
from mautrix.api import Method, Path
from mautrix.client import ClientAPI
from mautrix.errors import MatrixConnectionError, MatrixRequestError, MLimitExceeded, MNotFound, MUnknownToken
from mautrix.types import EventType, RoomID, UserID

from ..position import Position
from .settings import MatrixSettings

log = logging.getLogger("lastmile.matrix")


class RateLimited(MLimitExceeded):
    """M_LIMIT_EXCEEDED with the wait the homeserver asked for (mautrix's own error drops it)."""

    def __init__(self, message: str, retry_after: float):
        super().__init__(429, message)
        self.retry_after = retry_after


def transient(exc: BaseException) -> bool:
    """The homeserver's trouble, gone by itself later (unreachable, 5xx, 429, a token to
    renew); anything else is a refusal about this room or message, and is final."""
    if isinstance(exc, MatrixRequestError):
        return isinstance(exc, (MLimitExceeded, MUnknownToken)) or exc.http_status >= 500
    return isinstance(exc, (MatrixConnectionError, ClientError, TimeoutError, ConnectionError))


async def _keep_retry_after(response: ClientResponse) -> None:
    """aiohttp's response hook: a 429 becomes `RateLimited` with `retry_after_ms` (or the
    `Retry-After` header), read before mautrix turns the body into its own error."""
    if response.status != 429:
        return
    try:
        body = json.loads(await response.read())
    except ValueError:
        body = {}
    wait_ms = body.get("retry_after_ms") if isinstance(body, dict) else None
    if not isinstance(wait_ms, (int, float)):
        header = response.headers.get("Retry-After", "")
        wait_ms = float(header) * 1000 if header.replace(".", "", 1).isdigit() else 1000
    raise RateLimited(str(body.get("error", "rate limited") if isinstance(body, dict) else "rate limited"),
                      max(0.0, wait_ms / 1000))


class MatrixClient:
    def __init__(self, settings: MatrixSettings, saved: Position):
        """`saved`: where the access token of the last login is kept (mode 0600)."""
        self.settings = settings
        self.saved = saved
        timeout = ClientTimeout(total=settings.matrix_sync_timeout + 30)
        self.api = ClientAPI(base_url=str(settings.matrix_homeserver).rstrip("/"),
                             token=settings.matrix_access_token or "",
                             client_session=ClientSession(timeout=timeout, raise_for_status=_keep_retry_after))
        self.me = ""
        self.logins = 0

    async def login(self) -> str:
        """The configured token, else the token saved at the last login, else a new login
        (saved beside the sync position): a restart does not leave another token behind."""
        if self.settings.matrix_access_token:
            self.api.mxid = (await self.api.whoami()).user_id
        elif token := self.saved.load():
            self.api.api.token = token
            try:
                self.api.mxid = (await self.api.whoami()).user_id
            except MUnknownToken:
                log.info("the saved access token was refused; logging in again")
                await self.relogin()
            else:
                if not self._is_configured_user(self.api.mxid):
                    log.info("the saved access token is %s's, not LASTMILE_MATRIX_USER's; logging in", self.api.mxid)
                    await self.relogin()
        else:
            await self.relogin()
        self.me = self.api.mxid
        return self.me

    def _is_configured_user(self, user_id: str) -> bool:
        wanted = self.settings.matrix_user or ""
        return user_id == wanted if wanted.startswith("@") else user_id[1:].split(":", 1)[0] == wanted

    async def relogin(self) -> None:
        """A new access token by password (only when the homeserver refused the one we had)."""
        s = self.settings
        if not s.matrix_password:
            raise MUnknownToken(401, "LASTMILE_MATRIX_ACCESS_TOKEN was refused and no password is set")
        await self.api.login(identifier=UserID(s.matrix_user), password=s.matrix_password,
                             device_id=s.matrix_device_id, device_name="lastmile")
        self.logins += 1
        self.saved.save(self.api.api.token)
        self.me = self.api.mxid

    async def timeline_filter(self, limit: int) -> str:
        answer = await self.api.api.request(Method.POST, Path.v3.user[self.me].filter,
                                            {"room": {"timeline": {"limit": limit}}})
        return answer["filter_id"]

    async def sync(self, since: str | None, filter_id: str, timeout: float | None = None) -> dict:
        seconds = self.settings.matrix_sync_timeout if timeout is None else timeout
        return await self.api.sync(since=since, filter_id=filter_id, timeout=int(seconds * 1000))

    async def page_back(self, room_id: str, start: str, stop: str, until=lambda event: False) -> list[dict]:
        """A room's events between two sync positions (a `limited` timeline's gap), oldest
        first; paging stops early at an event `until` accepts (the bot's own join)."""
        found, token = [], start
        while token:
            page = await self.api.api.request(Method.GET, Path.v3.rooms[room_id].messages, query_params={
                "dir": "b", "from": token, "to": stop, "limit": "100"})
            chunk = page.get("chunk") or []
            found.extend(chunk)
            token = page.get("end") if chunk and not any(until(e) for e in chunk) else None
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

    async def room_data(self, room_id: str, kind: str) -> dict | None:
        """The bot's own account data in a room (None when never set)."""
        try:
            return await self.api.api.request(Method.GET, Path.v3.user[self.me].rooms[room_id].account_data[kind])
        except MNotFound:
            return None

    async def set_room_data(self, room_id: str, kind: str, content: dict) -> None:
        await self.api.api.request(Method.PUT, Path.v3.user[self.me].rooms[room_id].account_data[kind], content)

    async def room_members(self, room_id: str, memberships: tuple[str, ...]) -> set[str]:
        answer = await self.api.api.request(Method.GET, Path.v3.rooms[room_id].members)
        return {e["state_key"] for e in answer.get("chunk") or []
                if (e.get("content") or {}).get("membership") in memberships and isinstance(e.get("state_key"), str)}

    async def room_state(self, room_id: str, event_type: str) -> dict:
        """A room's state event (empty state key); MNotFound when the room has none."""
        return await self.api.api.request(Method.GET, Path.v3.rooms[room_id].state[event_type][""])

    async def event(self, room_id: str, event_id: str) -> dict:
        return await self.api.api.request(Method.GET, Path.v3.rooms[room_id].event[event_id])

    async def display_name(self) -> str | None:
        try:
            return (await self.api.api.request(Method.GET, Path.v3.profile[self.me].displayname)).get("displayname")
        except MNotFound:
            return None

    async def join(self, room_id: str) -> None:
        await self.api.join_room_by_id(RoomID(room_id))

    async def send(self, room_id: str, content: dict, txn_id: str) -> str:
        return await self.api.send_message_event(RoomID(room_id), EventType.ROOM_MESSAGE,
                                                 content, txn_id=txn_id)

    async def close(self) -> None:
        await self.api.api.session.close()
