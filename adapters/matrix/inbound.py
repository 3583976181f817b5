"""The sync loop: what people write in the bot's rooms, into `chat.in.matrix`.

Each round: long-poll `/sync` from the saved position, accept invites (remembering direct
chats), fill any gap in a room's timeline, publish every message and wait for JetStream's
acks, and only then save `next_batch`. A crash anywhere before that save replays the round;
the dedupe key (`Nats-Msg-Id`) drops what JetStream already has.
"""

from __future__ import annotations

import asyncio
import logging

from mautrix.errors import MatrixRequestError

from shared.contracts.chat import ChatIn

from ..envelope import publish_in
from ..metrics import AdapterMetrics
from ..position import Position
from .client import MatrixClient
from .mapping import to_chat_in

log = logging.getLogger("lastmile.matrix")


class MatrixInbound:
    def __init__(self, client: MatrixClient, js, position: Position, metrics: AdapterMetrics, timeline_limit: int):
        self.client = client
        self.js = js
        self.position = position
        self.metrics = metrics
        self.timeline_limit = timeline_limit
        self.direct: set[str] = set()
        self.names: dict[str, str] = {}
        self.reachable = False

    async def load_direct(self) -> None:
        rooms = await self.client.direct_rooms()
        self.direct = {room for person_rooms in rooms.values() for room in person_rooms}

    async def accept_invites(self, invites: dict) -> None:
        """Join every room the bot is invited to; an invite marked `is_direct` is a direct chat."""
        for room_id, room in invites.items():
            for event in (room.get("invite_state") or {}).get("events", []):
                if (event.get("type") == "m.room.member" and event.get("state_key") == self.client.me
                        and (event.get("content") or {}).get("is_direct")):
                    await self.client.remember_direct(event["sender"], room_id)
                    self.direct.add(room_id)
            try:
                await self.client.join(room_id)
            except MatrixRequestError as exc:
                if exc.http_status >= 500 or exc.http_status == 429:
                    raise  # the homeserver's trouble: the round is tried again
                # Refused for good (room gone, invite withdrawn): a retry would block every room.
                log.warning("cannot join %s (%s: %s); invite left", room_id, exc.errcode, exc.message)
                continue
            log.info("joined %s", room_id)

    def _learn_names(self, events: list[dict]) -> None:
        for event in events:
            if event.get("type") == "m.room.member" and (event.get("content") or {}).get("displayname"):
                self.names[event["state_key"]] = event["content"]["displayname"]

    async def messages(self, response: dict, since: str | None) -> list[ChatIn]:
        found = []
        for room_id, room in ((response.get("rooms") or {}).get("join") or {}).items():
            timeline = room.get("timeline") or {}
            events = timeline.get("events") or []
            if timeline.get("limited") and since and timeline.get("prev_batch"):
                gap = await self.client.page_back(room_id, timeline["prev_batch"], since)
                log.info("%s: %d events beyond the sync's timeline paged in", room_id, len(gap))
                events = gap + events
            self._learn_names((room.get("state") or {}).get("events", []) + events)
            for event in events:
                message = to_chat_in(room_id, event, me=self.client.me, direct=room_id in self.direct, names=self.names)
                if message:
                    found.append(message)
        return found

    async def round(self, since: str | None, filter_id: str) -> str:
        """One sync round; returns the position it saved."""
        response = await self.client.sync(since, filter_id)
        self.reachable = True
        await self.accept_invites((response.get("rooms") or {}).get("invite") or {})
        # First start (no position): what rooms held before the bot ran is history, not requests.
        messages = await self.messages(response, since) if since else []
        for message in messages:  # in order: an edit never lands before its original
            ack = await publish_in(self.js, message)
            (self.metrics.replayed if ack.duplicate else self.metrics.received).inc()
        self.position.save(response["next_batch"])
        return response["next_batch"]

    async def run(self) -> None:
        await self.load_direct()
        filter_id = await self.client.timeline_filter(self.timeline_limit)
        since, delay = self.position.load(), 0.5
        while True:
            try:
                since, delay = await self.round(since, filter_id), 0.5
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # homeserver or NATS away: the same round again, later
                self.reachable = False
                self.metrics.reconnects.inc()
                log.warning("sync round failed (%s: %s); retrying in %.1fs", type(exc).__name__, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30)
