"""End-to-end encrypted rooms: the adapter has no crypto (docs/chat-envelope.md says why), so
it cannot read them. Instead of silence, each such room is told once, in the clear, in
Chinese and English (the adapter does not know the person's language), that it cannot be
read and how to open a room that can. "Once" survives restarts: it is marked in the bot's
own account data of that room. Nothing else is ever posted into an encrypted room (the
outgoing side refuses it with a `failed` receipt)."""

from __future__ import annotations

import hashlib
import logging

from mautrix.errors import MatrixRequestError

from .client import MatrixClient, transient
from .metrics import MatrixMetrics

log = logging.getLogger("lastmile.matrix")
MARK = "org.lastmile.encrypted_notice"
NOTICE = (
    "这个聊天开启了端到端加密，lastmile 读不到这里的消息，也不会在这里发送您的通知。"
    "请新建一个房间并关闭「启用端到端加密」（Element：「新建房间」，不要用「开始聊天」），"
    "邀请我进来，在那里重新发送您的命令（绑定码可以再发一次）。\n\n"
    "This chat is end-to-end encrypted: lastmile cannot read it and will not post your notices "
    "here. Please create a new room with \"Enable end-to-end encryption\" switched off (Element: "
    "\"New room\", not \"Start chat\"), invite me, and send your command there again (you may send "
    "your binding code again).")


class EncryptedRooms:
    def __init__(self, client: MatrixClient, metrics: MatrixMetrics):
        self.client = client
        self.metrics = metrics
        self.told: set[str] = set()

    async def tell(self, room_id: str) -> None:
        """Post the notice unless this room already had it (a homeserver error propagates:
        the caller tries again; a refusal — the bot was removed — is only logged)."""
        if room_id in self.told:
            return
        try:
            if await self.client.room_data(room_id, MARK) is None:
                txn = "lastmile-e2ee-" + hashlib.sha256(room_id.encode()).hexdigest()[:24]
                await self.client.send(room_id, {"msgtype": "m.notice", "body": NOTICE}, txn)
                await self.client.set_room_data(room_id, MARK, {"told": True})
                self.metrics.encrypted_warnings.inc()
                log.info("%s is end-to-end encrypted: told it once that it cannot be read", room_id)
        except MatrixRequestError as exc:
            if transient(exc):
                raise
            log.warning("cannot tell encrypted room %s it is unreadable (%s)", room_id, exc.errcode)
        self.told.add(room_id)
