"""The sync loop: what people write in the bot's rooms, into `chat.in.matrix`.

Each round: long-poll `/sync` from the saved position, accept invites (remembering direct
chats), fill any gap in a room's timeline, publish every message and wait for JetStream's
acks, and only then save `next_batch`. A crash anywhere before that save replays the round;
the dedupe key (`Nats-Msg-Id`) drops what JetStream already has.

- Only what was written after the bot joined a room is handled: a room it was just invited
  into arrives with its history, which is cut at the bot's own join.
- An event that cannot be read is skipped and counted (`lastmile_matrix_events_skipped_total`,
  a log line with the room and event ids, never the content); the rest of the round goes on
  and the position advances. Otherwise one malformed event would stop every room for good.
- An encrypted room is told once that it cannot be read (`encrypted.py`).
- While the homeserver cannot be reached, it is asked again every second, so messages flow
  again within a second or two of its return; a 429 waits what it asks for.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import ClientError
from mautrix.errors import MatrixConnectionError, MatrixRequestError, MUnknownToken

from shared.contracts.chat import ChatIn

from ..envelope import publish_in
from ..metrics import AdapterMetrics
from ..position import Position
from .client import MatrixClient, RateLimited, transient
from .encrypted import EncryptedRooms
from .mapping import to_chat_in
from .metrics import MatrixMetrics
from .rooms import Rooms

log = logging.getLogger("lastmile.matrix")
UNREACHABLE_RETRY = 1.0  # seconds between tries while the homeserver does not answer at all


def own_join(event: dict, me: str) -> bool:
    """The bot's own join (not a later profile change, which is a join after a join)."""
    if event.get("type") != "m.room.member" or event.get("state_key") != me:
        return False
    content, unsigned = event.get("content"), event.get("unsigned")
    before = unsigned.get("prev_content") if isinstance(unsigned, dict) else None
    return (isinstance(content, dict) and content.get("membership") == "join"
            and not (isinstance(before, dict) and before.get("membership") == "join"))


def after_own_join(events: list[dict], me: str) -> list[dict]:
    for i in range(len(events) - 1, -1, -1):
        if own_join(events[i], me):
            return events[i + 1:]
    return events


def retry_delay(exc: BaseException, previous: float) -> float:
    if isinstance(exc, RateLimited):
        return max(exc.retry_after, 0.1)
    if isinstance(exc, (MatrixConnectionError, ClientError, TimeoutError, ConnectionError)):
        return UNREACHABLE_RETRY  # cheap to ask, and it is the return we are waiting for
    return min(previous * 2, 5.0)


class MatrixInbound:
    def __init__(self, client: MatrixClient, js, position: Position, metrics: AdapterMetrics,
                 matrix_metrics: MatrixMetrics, rooms: Rooms, encrypted: EncryptedRooms, timeline_limit: int):
        self.client = client
        self.js = js
        self.position = position
        self.metrics = metrics
        self.matrix_metrics = matrix_metrics
        self.rooms = rooms
        self.encrypted = encrypted
        self.timeline_limit = timeline_limit
        self.names: dict[str, str] = {}
        self.mentions: tuple[str, ...] = ()
        self.profile_name: str | None = None
        self.reachable = False

    async def accept_invites(self, invites: dict) -> None:
        """Join every room the bot is invited to; an invite marked `is_direct` is a direct chat."""
        for room_id, room in invites.items():
            for event in ((room.get("invite_state") or {}).get("events") or []) if isinstance(room, dict) else []:
                if (isinstance(event, dict) and event.get("type") == "m.room.member"
                        and event.get("state_key") == self.client.me and isinstance(event.get("content"), dict)
                        and event["content"].get("is_direct") and isinstance(event.get("sender"), str)):
                    await self.client.remember_direct(event["sender"], room_id)
                    self.rooms.marked_direct.add(room_id)
            try:
                await self.client.join(room_id)
            except MatrixRequestError as exc:
                if transient(exc):
                    raise  # the homeserver's trouble: the round is tried again
                # Refused for good (room gone, invite withdrawn): a retry would block every room.
                log.warning("cannot join %s (%s: %s); invite left", room_id, exc.errcode, exc.message)
                continue
            log.info("joined %s", room_id)

    def _learn_names(self, events: list[dict]) -> None:
        for event in events:
            content = event.get("content")
            if (event.get("type") == "m.room.member" and isinstance(content, dict)
                    and isinstance(content.get("displayname"), str) and isinstance(event.get("state_key"), str)):
                self.names[event["state_key"]] = content["displayname"]
        me = self.client.me
        self.mentions = tuple({me, me[1:].split(":", 1)[0], self.names.get(me) or "", self.profile_name or ""} - {""})

    async def _timeline(self, room_id: str, room: dict, since: str | None) -> list[dict]:
        timeline = room.get("timeline") or {}
        events = [e for e in timeline.get("events") or [] if isinstance(e, dict)]
        me = self.client.me
        if timeline.get("limited") and since and timeline.get("prev_batch") and not any(own_join(e, me) for e in events):
            events = await self._gap(room_id, timeline["prev_batch"], since) + events
        state = [e for e in (room.get("state") or {}).get("events") or [] if isinstance(e, dict)]
        self._learn_names(state + events)
        self.rooms.learn(room_id, state + events)
        if room_id in self.rooms.encrypted:  # as soon as it is known, not at the first message
            await self.encrypted.tell(room_id)
        return after_own_join(events, me)

    async def _gap(self, room_id: str, start: str, since: str) -> list[dict]:
        me = self.client.me
        try:
            gap = await self.client.page_back(room_id, start, since, lambda e: own_join(e, me))
        except MatrixRequestError as exc:
            if transient(exc):
                raise
            # Refused for this room (the bot was removed meanwhile): the others go on.
            log.warning("%s: its timeline gap cannot be read (%s); handling what the sync gave", room_id, exc.errcode)
            return []
        log.info("%s: %d events beyond the sync's timeline paged in", room_id, len(gap))
        return [e for e in gap if isinstance(e, dict)]

    async def _message(self, room_id: str, event: dict) -> ChatIn | None:
        if event.get("type") == "m.room.encrypted" and event.get("sender") != self.client.me:
            await self.encrypted.tell(room_id)
            return None
        if event.get("type") != "m.room.message" or event.get("sender") == self.client.me:
            return None
        try:
            return to_chat_in(room_id, event, me=self.client.me, direct=await self.rooms.is_direct(room_id),
                              names=self.names, mentions=self.mentions)
        except Exception as exc:
            if not transient(exc):
                return self._skipped(room_id, event, exc)
            raise  # asking the homeserver who is in the room failed: the round is tried again

    def _skipped(self, room_id: str, event: dict, exc: Exception) -> None:
        """The event itself could not be read: skipped and counted, never the round."""
        self.matrix_metrics.skipped.inc()
        log.warning("skipped unreadable event %s in %s from %s (%s)", event.get("event_id"), room_id,
                    event.get("sender"), type(exc).__name__)

    async def messages(self, response: dict, since: str | None) -> list[ChatIn]:
        found = []
        for room_id, room in ((response.get("rooms") or {}).get("join") or {}).items():
            if not isinstance(room, dict):
                continue
            for event in await self._timeline(room_id, room, since):
                message = await self._message(room_id, event)
                if message:
                    found.append(message)
        self.matrix_metrics.encrypted_rooms.set(len(self.rooms.encrypted))
        return found

    async def round(self, since: str | None, filter_id: str) -> str:
        """One sync round; returns the position it saved."""
        # While catching up (no position yet, or after an outage) the first sync returns at once.
        response = await self.client.sync(since, filter_id)
        self.reachable = True
        await self.accept_invites((response.get("rooms") or {}).get("invite") or {})
        for room_id in (response.get("rooms") or {}).get("leave") or {}:
            self.rooms.forget(room_id)  # left, kicked or banned: ask afresh if invited again
        # First start (no position): what rooms held before the bot ran is history, not requests.
        messages = await self.messages(response, since) if since else []
        for message in messages:  # in order: an edit never lands before its original
            ack = await publish_in(self.js, message)
            (self.metrics.replayed if ack.duplicate else self.metrics.received).inc()
        self.position.save(response["next_batch"])
        return response["next_batch"]

    async def _prepare(self) -> str:
        """What the rounds need from the homeserver once: direct chats, the bot's name, a filter."""
        await self.rooms.load_direct()
        self.profile_name = await self.client.display_name()
        return await self.client.timeline_filter(self.timeline_limit)

    async def run(self) -> None:
        since, delay, filter_id = self.position.load(), 0.5, None
        while True:
            try:
                filter_id = filter_id or await self._prepare()  # in the loop: an outage is waited out
                since, delay = await self.round(since, filter_id), 0.5
            except asyncio.CancelledError:
                raise
            except MUnknownToken:
                log.warning("the homeserver refused the access token; logging in again")
                self.reachable = False
                await self._relogin()
            except Exception as exc:  # homeserver or NATS away: the same round again, later
                self.reachable = False
                self.metrics.reconnects.inc()
                if isinstance(exc, RateLimited):
                    self.matrix_metrics.rate_limited.inc()
                delay = retry_delay(exc, delay)
                log.warning("sync round failed (%s: %s); retrying in %.1fs", type(exc).__name__, exc, delay)
                await asyncio.sleep(delay)

    async def _relogin(self) -> None:
        try:
            await self.client.relogin()
            self.matrix_metrics.logins.inc()
        except Exception as exc:
            log.error("login failed (%s: %s); trying again in 5 s", type(exc).__name__, exc)
            await asyncio.sleep(5)
