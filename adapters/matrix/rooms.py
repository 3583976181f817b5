"""What the adapter knows of each room: who is in it, whether it is a direct chat, whether it
is end-to-end encrypted. Learnt from the sync's state and timeline events; a room first seen
after a restart is asked of the homeserver once (its members, its `m.room.encryption`).

A room is `direct` when the bot's `m.direct` account data lists it (an invite marked
`is_direct`), or when it holds exactly two people, the bot and one other (joined or invited):
a 1:1 room made without `is_direct` is a direct chat to the person in it too.
"""

from __future__ import annotations

from mautrix.errors import MatrixRequestError, MNotFound

from .client import MatrixClient, transient

PRESENT = ("join", "invite")


class Rooms:
    def __init__(self, client: MatrixClient):
        self.client = client
        self.marked_direct: set[str] = set()
        self.members: dict[str, set[str]] = {}
        self.encrypted: set[str] = set()
        self._asked_encryption: set[str] = set()

    async def load_direct(self) -> None:
        rooms = await self.client.direct_rooms()
        self.marked_direct = {room for person_rooms in rooms.values() for room in person_rooms}

    def learn(self, room_id: str, events: list[dict]) -> None:
        """Membership and encryption from state or timeline events (malformed ones ignored)."""
        for event in events:
            content = event.get("content")
            if not isinstance(content, dict):
                continue
            if event.get("type") == "m.room.encryption" and event.get("state_key") == "":
                self.encrypted.add(room_id)
            elif event.get("type") == "m.room.member" and isinstance(event.get("state_key"), str):
                if room_id not in self.members:
                    continue  # unknown yet: the next `members` call asks for all of them
                if content.get("membership") in PRESENT:
                    self.members[room_id].add(event["state_key"])
                else:
                    self.members[room_id].discard(event["state_key"])

    def forget(self, room_id: str) -> None:
        self.members.pop(room_id, None)
        self._asked_encryption.discard(room_id)

    async def _members(self, room_id: str) -> set[str]:
        if room_id not in self.members:
            try:
                self.members[room_id] = await self.client.room_members(room_id, PRESENT)
            except MatrixRequestError as exc:
                if transient(exc):
                    raise
                return set()  # not ours to see (the bot was removed): not a direct chat
        return self.members[room_id]

    async def is_direct(self, room_id: str) -> bool:
        if room_id in self.marked_direct:
            return True
        members = await self._members(room_id)
        return len(members) == 2 and self.client.me in members

    async def is_encrypted(self, room_id: str) -> bool:
        if room_id not in self.encrypted and room_id not in self._asked_encryption:
            try:
                await self.client.room_state(room_id, "m.room.encryption")
                self.encrypted.add(room_id)
            except MNotFound:
                pass
            self._asked_encryption.add(room_id)
        return room_id in self.encrypted
