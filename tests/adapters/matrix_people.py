"""People on the test homeserver, doing what a Matrix client does for them."""

from __future__ import annotations

import uuid

import httpx

from tests.support.synapse import register


class Person:
    def __init__(self, url: str, localpart: str, password: str = "secret-pw"):
        self.user_id = f"@{localpart}:localhost"
        self.password = password
        self.token = token = register(url, localpart, password)
        self.http = httpx.AsyncClient(base_url=f"{url}/_matrix/client/v3",
                                      headers={"Authorization": f"Bearer {token}"}, timeout=10)

    async def _call(self, method: str, path: str, body: dict | None = None, **params) -> dict:
        answer = await self.http.request(method, path, json=body, params=params or None)
        answer.raise_for_status()
        return answer.json()

    async def create_room(self, invite: list[str], *, direct: bool = False, encrypted: bool = False) -> str:
        """A room as Element makes one ("Start chat" is `direct`; its default is `encrypted`)."""
        preset = "trusted_private_chat" if direct else "private_chat"
        state = [{"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}]
        made = await self._call("POST", "/createRoom", {"invite": invite, "is_direct": direct, "preset": preset,
                                                        "initial_state": state if encrypted else []})
        return made["room_id"]

    async def invite(self, room_id: str, user_id: str) -> None:
        await self._call("POST", f"/rooms/{room_id}/invite", {"user_id": user_id})

    async def send_encrypted(self, room_id: str) -> str:
        """What an Element client sends into an encrypted room (ciphertext nobody here can read)."""
        sent = await self._call("PUT", f"/rooms/{room_id}/send/m.room.encrypted/{uuid.uuid4().hex}", {
            "algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "AwgAEnAB" + uuid.uuid4().hex,
            "device_id": "ELEMENTWEB", "sender_key": "k" * 43, "session_id": "s" * 43})
        return sent["event_id"]

    async def join(self, room_id: str) -> None:
        await self._call("POST", f"/join/{room_id}", {})

    async def send(self, room_id: str, content: dict) -> str:
        sent = await self._call("PUT", f"/rooms/{room_id}/send/m.room.message/{uuid.uuid4().hex}", content)
        return sent["event_id"]

    async def say(self, room_id: str, text: str) -> str:
        return await self.send(room_id, {"msgtype": "m.text", "body": text})

    async def edit(self, room_id: str, event_id: str, text: str) -> str:
        return await self.send(room_id, {
            "msgtype": "m.text", "body": f"* {text}",
            "m.new_content": {"msgtype": "m.text", "body": text},
            "m.relates_to": {"rel_type": "m.replace", "event_id": event_id}})

    async def kick(self, room_id: str, user_id: str) -> None:
        await self._call("POST", f"/rooms/{room_id}/kick", {"user_id": user_id, "reason": "test"})

    async def revoke(self, token: str) -> None:
        """Log out the session of another access token of this account (its own device)."""
        answer = await self.http.post("/logout", headers={"Authorization": f"Bearer {token}"})
        answer.raise_for_status()

    async def members(self, room_id: str) -> set[str]:
        return set((await self._call("GET", f"/rooms/{room_id}/joined_members"))["joined"])

    async def messages_from(self, room_id: str, sender: str) -> list[dict]:
        page = await self._call("GET", f"/rooms/{room_id}/messages", dir="b", limit="200")
        return [e for e in reversed(page["chunk"]) if e["type"] == "m.room.message" and e["sender"] == sender]

    async def close(self) -> None:
        await self.http.aclose()
