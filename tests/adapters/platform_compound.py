"""A small compound served over Telegram or the generic webhook, for the end-to-end tests:
every service as its own process on a private NATS, the roster imported with `lastmile
roster import`, the adapter as its own process, and the people on the platform's side —
writing through the test Bot API server (tests/support/fake_telegram.py) or POSTing to the
webhook adapter — and reading what the bot sent where they would see it.

Both platforms offer the same few verbs (`say`, `edit`, `ask`, `replies`, `told`), so one
set of tests plays the same day on each (test_platform_end_to_end.py)."""

from __future__ import annotations

import asyncio
import itertools
import re
from collections import defaultdict
from contextlib import AsyncExitStack, ExitStack
from datetime import datetime, timezone
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from lastmile.bench import compound
from shared.contracts.streams import SERVICES
from tests.support.adapter_process import AdapterProcess
from tests.support.fake_telegram import FakeBotApi
from tests.support.servers import embedded_nats, free_port
from tests.support.services import ServiceProcess
from tests.support.serving import serving
from tests.support.waiting import eventually

from .matrix_compound import KEYS, STAFF, UNLIMITED, service_env

TOKEN = "424242:end-to-end"
ZH = ("resident_zh", "committee", "property")


class PlatformCompound:
    platform = ""

    def __init__(self, folder: Path):
        self.folder = folder
        self.stack = ExitStack()
        self.servers = AsyncExitStack()
        self.services: dict[str, ServiceProcess] = {}
        self.adapter: AdapterProcess | None = None
        self.codes: dict[str, str] = {}
        self.ids: dict[str, str] = {}  # key → the person's id on the platform

    async def start(self) -> None:
        self.nats_url, _ = self.stack.enter_context(embedded_nats())
        data, self.logs = self.folder / "data", self.folder / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.env = service_env(self.nats_url, data, rate_limits={self.platform: UNLIMITED})
        for row in compound.import_rows(data, self.env, 2, staff=STAFF):
            self.codes[KEYS[f"{row['building']}-{row['room']}" if row["role"] == "resident" else row["role"]]] = row["code"]
        self.ids = {key: str(501 + n) for n, key in enumerate(self.codes)}
        await self.open_platform()
        self.services = {name: ServiceProcess(name, self.env, self.logs) for name in SERVICES}
        self.stack.callback(self._stop_all)
        for process in self.services.values():
            process.start(wait=False)
        await asyncio.gather(*(asyncio.to_thread(p.wait_healthy, 60) for p in self.services.values()))
        self.adapter = AdapterProcess(self.platform, {**self.env, **self.adapter_env()}, self.logs)
        self.adapter_configured(self.adapter)
        await asyncio.to_thread(self.adapter.start)

    def adapter_configured(self, adapter: AdapterProcess) -> None:
        pass

    def _stop_all(self) -> None:
        for process in [self.adapter, *self.services.values()]:
            if process and process.proc and process.proc.poll() is None:
                process.stop()

    async def close(self) -> None:
        try:
            self.stack.close()
        finally:
            await self.servers.aclose()

    def bind_text(self, key: str) -> str:
        return f"绑定 {self.codes[key]}" if key in ZH else f"/bind {self.codes[key]}"

    def dm(self, key: str) -> str:
        return self.ids[key]

    # -- what people read --------------------------------------------------------------------

    async def replies(self, chat: str, message_id: str, count: int = 1, timeout: float = 30) -> list[str]:
        """The texts the bot sent in `chat` in reply to one message, once there are `count`."""
        async def found():
            texts = self.replies_now(chat, message_id)
            return texts if len(texts) >= count else None
        return await eventually(found, timeout=timeout, what=f"{count} replies to {message_id} in {chat}")

    async def told(self, chat: str, pattern: str, timeout: float = 30) -> str:
        async def found():
            return next((t for t in self.texts(chat) if re.search(pattern, t)), None)
        return await eventually(found, timeout=timeout, what=f"{pattern!r} in {chat}")

    async def ask(self, key: str, text: str, chat: str | None = None, *, count: int = 1) -> str:
        """`key` says `text` (in their direct chat unless a chat is given); the bot's reply
        (the last of `count`, for a message answered twice: registered, then approved)."""
        chat = chat or self.dm(key)
        message_id = await self.say(key, chat, text)
        return (await self.replies(chat, message_id, count))[count - 1]


def _chat_topic(chat: str) -> tuple[int, int | None]:
    """A lastmile chat id as Telegram's (chat, forum topic): `-100…/9` is topic 9."""
    chat_id, _, topic = chat.partition("/")
    return int(chat_id), int(topic) if topic else None


class TelegramCompound(PlatformCompound):
    """People on Telegram: user ids 501…, each in a private chat with the bot (chat id = user
    id); the building group a supergroup with privacy mode off, as the README asks. A chat
    `<id>/<topic>` is a forum topic."""

    platform = "telegram"

    async def open_platform(self) -> None:
        self.api = FakeBotApi(TOKEN, privacy=False)
        self.api_port = free_port()
        self.api_url = await self.servers.enter_async_context(serving(self.api.app, self.api_port))
        self.building = "-1001001"
        self.api.group(int(self.building), title="1号楼")

    def adapter_env(self) -> dict[str, str]:
        return {"LASTMILE_TELEGRAM_TOKEN": TOKEN, "LASTMILE_TELEGRAM_API_URL": self.api_url,
                "LASTMILE_TELEGRAM_POLL_TIMEOUT": "10"}

    async def say(self, key: str, chat: str, text: str) -> str:
        chat_id, topic = _chat_topic(chat)
        return str(self.api.user_says(chat_id, int(self.ids[key]), text, topic=topic))

    async def edit(self, key: str, chat: str, message_id: str, text: str) -> None:
        self.api.user_edits(int(chat), int(self.ids[key]), int(message_id), text)

    def sent(self, chat: str) -> list[dict]:
        chat_id, topic = _chat_topic(chat)
        return [m for m in self.api.sent if m["chat"]["id"] == chat_id and m.get("message_thread_id") == topic]

    def texts(self, chat: str) -> list[str]:
        return [m["text"] for m in self.sent(chat)]

    def replies_now(self, chat: str, message_id: str) -> list[str]:
        return [m["text"] for m in self.sent(chat) if str(m.get("reply_to_message", {}).get("message_id")) == message_id]

    async def api_down(self) -> None:
        """The Bot API server stops answering (its updates and chats are kept, as Telegram's are)."""
        await self.servers.aclose()
        self.servers = AsyncExitStack()

    async def api_up(self) -> None:
        await self.servers.enter_async_context(serving(self.api.app, self.api_port))


class WebhookCompound(PlatformCompound):
    """A chat platform behind the generic webhook: people's messages are POSTed to the adapter
    (again, same id, until it answers 202, as a webhook sender does); the adapter POSTs what
    the bot says to the platform's hook, where people read it (by `Idempotency-Key`, so a copy
    sent again after a crash is seen as the same message)."""

    platform = "webhook"

    async def open_platform(self) -> None:
        self.posts: dict[str, dict] = {}  # Idempotency-Key → the message, as people see it
        self.copies: defaultdict[str, int] = defaultdict(int)
        self.refuse: dict[str, int] = {}  # chat → the status the platform answers for it
        self._ids = itertools.count(1)
        self.http = httpx.AsyncClient(timeout=5)
        self.servers.push_async_callback(self.http.aclose)
        app = Starlette(routes=[Route("/hook", self._hook, methods=["POST"])])
        self.hook_url = await self.servers.enter_async_context(serving(app)) + "/hook"
        self.building = "building-1"

    async def _hook(self, request: Request) -> JSONResponse:
        out = await request.json()
        if out["chat_id"] in self.refuse:
            return JSONResponse({"error": "no"}, status_code=self.refuse[out["chat_id"]])
        key = request.headers["idempotency-key"]
        self.copies[key] += 1
        self.posts.setdefault(key, out)
        return JSONResponse({})

    def adapter_env(self) -> dict[str, str]:
        return {"LASTMILE_WEBHOOK_OUTGOING_URL": self.hook_url, "LASTMILE_WEBHOOK_BACKOFF": "0.05"}

    def adapter_configured(self, adapter: AdapterProcess) -> None:
        adapter.env["LASTMILE_WEBHOOK_PORT"] = str(adapter.port)
        self.adapter_url = f"http://127.0.0.1:{adapter.port}"

    def dm(self, key: str) -> str:
        return f"dm-{self.ids[key]}"

    async def post(self, body: dict) -> None:
        """POST until the adapter took it (202): it may be down or restarting."""
        for _ in range(600):
            try:
                if (await self.http.post(f"{self.adapter_url}/messages", json=body)).status_code == 202:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)  # between tries, not a wait for a result
        raise AssertionError(f"the adapter never took {body['message_id']}")

    async def say(self, key: str, chat: str, text: str, *, message_id: str | None = None, revision: int = 0) -> str:
        message_id = message_id or f"w{next(self._ids)}"
        await self.post({"chat_id": chat, "chat_type": "direct" if chat.startswith("dm-") else "group",
                         "sender_id": self.ids[key], "message_id": message_id, "revision": revision,
                         "text": text, "sent_at": datetime.now(timezone.utc).isoformat()})
        return message_id

    async def edit(self, key: str, chat: str, message_id: str, text: str) -> None:
        await self.say(key, chat, text, message_id=message_id, revision=1)

    def texts(self, chat: str) -> list[str]:
        return [m["text"] for m in self.posts.values() if m["chat_id"] == chat]

    def replies_now(self, chat: str, message_id: str) -> list[str]:
        return [m["text"] for m in self.posts.values() if m["chat_id"] == chat and m.get("reply_to") == message_id]
