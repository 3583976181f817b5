"""A Bot API server for the Telegram adapter's tests (Starlette, on loopback), behaving as the
real one does in what lastmile relies on. Each rule names where the Bot API says so
(core.telegram.org/bots/api = "API", /bots/features = "features", /bots/faq = "FAQ"; the
server's source, tdlib/telegram-bot-api, where the docs are silent).

A test plays the people (`user_says`, `user_edits`, `upgrade`, `block`, `kick`) and the
platform's moods (`rate_limit`, `break_sends`, `set_webhook`), and reads what the bot sent
(`sent`, `texts_in`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BOT = {"id": 4242, "is_bot": True, "first_name": "lastmile", "username": "lastmile_bot"}
MAX_TEXT = 4096  # API sendMessage: "Text of the message to be sent, 1-4096 characters after entities parsing"
MAX_POLL = 50  # tdlib/telegram-bot-api Client.h LONG_POLL_MAX_TIMEOUT: getUpdates timeout clamped to 50 s
# API getUpdates: "Specify an empty list to receive all update types except chat_member,
# message_reaction, and message_reaction_count (default)."
DEFAULT_UPDATES = {"message", "edited_message", "channel_post", "edited_channel_post", "my_chat_member",
                   "callback_query", "inline_query"}
COMMAND = re.compile(r"^/\w+(@\w+)?")


def _error(code: int, description: str, **parameters) -> JSONResponse:
    """API "Making requests": {"ok": false, "error_code", "description"}, and ResponseParameters
    (`retry_after`, `migrate_to_chat_id`) "if an error occurred"."""
    body = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=code)


def _ok(result) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result})


class FakeBotApi:
    def __init__(self, token: str, *, privacy: bool = True):
        self.token = token
        # features "Privacy Mode": "enabled by default for all bots"; getMe tells it as
        # can_read_all_group_messages ("True, if privacy mode is disabled for the bot").
        self.privacy = privacy
        self.chats: dict[int, dict] = {}
        self.admin_in: set[int] = set()  # features: "bot admins always receive all messages"
        self.kicked: set[int] = set()
        self.blocked: set[int] = set()  # users who blocked the bot
        self.started: set[int] = set()  # users who wrote to the bot (a bot cannot write first)
        self.upgraded: dict[int, int] = {}  # old group id → its supergroup
        self.last_bot: dict[int, int] = {}  # chat → the bot that sent the last bot message there
        self.updates: list[dict] = []  # not yet confirmed by an offset
        self.sent: list[dict] = []  # what the bot sent, as Telegram stored it
        self.calls: list[str] = []
        self.limited: list[int] = []  # retry_after of each 429 still to answer
        self.broken_after: int | None = None  # sendMessage answers 502 once this many more went through
        self.webhook = ""
        self.allowed: set[str] = set(DEFAULT_UPDATES)
        self.batch = 100  # most updates per getUpdates (API: limit 1-100); small makes a backlog
        self._update_ids = itertools.count(1000)
        self._account_ids = itertools.count(1)  # private chats and basic groups share one sequence
        self._chat_ids: dict[int, itertools.count] = {}  # a supergroup numbers its own messages
        self._arrived = asyncio.Event()
        self._poll: asyncio.Future | None = None  # the getUpdates being answered
        self.app = Starlette(routes=[Route("/bot{token}/{method}", self.handle, methods=["GET", "POST"])])

    # -- chats ------------------------------------------------------------------------------

    def group(self, chat_id: int, *, kind: str = "supergroup", title: str = "Building 3", forum: bool = False) -> dict:
        chat = {"id": chat_id, "type": kind, "title": title}
        if forum:
            chat["is_forum"] = True
        self.chats[chat_id] = chat
        return chat

    def _chat(self, chat_id: int) -> dict:
        if chat_id not in self.chats:
            if chat_id > 0:
                self.chats[chat_id] = {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
            else:
                self.group(chat_id)
        return self.chats[chat_id]

    def _next_id(self, chat: dict) -> int:
        if chat["type"] == "supergroup":
            return next(self._chat_ids.setdefault(chat["id"], itertools.count(1)))
        return next(self._account_ids)

    def upgrade(self, old: int) -> int:
        """A group becomes a supergroup with a new id (API Message: migrate_to_chat_id in the old
        group, migrate_from_chat_id in the new one; both service messages reach every bot,
        features: "All bots will also receive, regardless of privacy mode: all service messages")."""
        new = -1000000000000 + old
        title = self._chat(old).get("title", "group")
        self.group(new, title=title)
        self.upgraded[old] = new
        self._push("message", {"message_id": self._next_id(self.chats[old]), "date": int(time.time()),
                               "chat": self.chats[old], "from": _user(1), "migrate_to_chat_id": new})
        self._push("message", {"message_id": self._next_id(self.chats[new]), "date": int(time.time()),
                               "chat": self.chats[new], "from": _user(1), "migrate_from_chat_id": old})
        return new

    def block(self, user_id: int) -> None:
        self.blocked.add(user_id)

    def kick(self, chat_id: int) -> None:
        self.kicked.add(chat_id)

    # -- the people's side ------------------------------------------------------------------

    def _push(self, kind: str, message: dict) -> None:
        # API getUpdates, allowed_updates: only the listed types are received; the setting
        # "doesn't affect updates created before the call", so the filter is at creation.
        if kind in self.allowed:
            self.updates.append({"update_id": next(self._update_ids), kind: message})
            self._arrived.set()

    def _reaches_bot(self, chat: dict, message: dict) -> bool:
        """features "Privacy Mode": in a group a bot in privacy mode that is not an admin sees only
        "commands explicitly meant for them (e.g., /command@this_bot)", "general commands (e.g.
        /start) if the bot was the last bot to send a message to the group", and "replies to any
        messages implicitly or explicitly meant for this bot"; BotFather's /setprivacy adds
        messages that "mention the bot by username". Private chats get everything."""
        if chat["type"] == "private" or not self.privacy or chat["id"] in self.admin_in:
            return True
        text = message.get("text", "")
        command = COMMAND.match(text)
        if command and command.group(1):
            return command.group(1)[1:].lower() == BOT["username"].lower()
        if command:
            return self.last_bot.get(chat["id"]) == BOT["id"]
        replied = message.get("reply_to_message", {})
        return replied.get("from", {}).get("id") == BOT["id"] or f"@{BOT['username']}".lower() in text.lower()

    def user_says(self, chat_id: int, user_id: int, text: str, reply_to: int | None = None,
                  topic: int | None = None) -> int:
        """What a person writes; returns its message id (the bot may never see it: privacy)."""
        chat = self._chat(chat_id)
        message = {"message_id": self._next_id(chat), "date": int(time.time()), "chat": chat,
                   "from": _user(user_id), "text": text}
        if topic:  # API Message: message_thread_id, is_topic_message ("sent to a forum topic")
            message.update(message_thread_id=topic, is_topic_message=True)
        if reply_to:
            replied = next((m for m in self.sent if m["chat"]["id"] == chat_id and m["message_id"] == reply_to), None)
            message["reply_to_message"] = replied or {"message_id": reply_to, "date": int(time.time()), "chat": chat}
        if chat["type"] == "private":
            self.started.add(user_id)
        if self._reaches_bot(chat, message):
            self._push("message", message)
        return message["message_id"]

    def user_edits(self, chat_id: int, user_id: int, message_id: int, text: str) -> None:
        now = int(time.time())
        chat = self._chat(chat_id)
        edited = {"message_id": message_id, "date": now, "edit_date": now, "chat": chat, "from": _user(user_id),
                  "text": text}
        if self._reaches_bot(chat, edited):
            self._push("edited_message", edited)

    def rate_limit(self, *retry_after: int) -> None:
        """The next sendMessage calls answer 429, each with its retry_after."""
        self.limited.extend(retry_after)

    def break_sends(self, after: int) -> None:
        """After `after` more messages, sendMessage answers 502 Bad Gateway (an outage) until `heal`."""
        self.broken_after = after

    def heal(self) -> None:
        self.broken_after = None

    def set_webhook(self, url: str) -> None:
        self.webhook = url

    def texts_in(self, chat_id: int, topic: int | None = None) -> list[str]:
        return [m["text"] for m in self.sent if m["chat"]["id"] == chat_id and m.get("message_thread_id") == topic]

    # -- the Bot API ------------------------------------------------------------------------

    async def handle(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.path_params["method"]
        self.calls.append(method)
        params = await _params(request)
        found = getattr(self, f"api_{method}", None)
        if found is None:
            return _error(404, "Not Found")
        return await found(params)

    async def api_getMe(self, params: dict) -> JSONResponse:
        # API User: can_join_groups, can_read_all_group_messages, supports_inline_queries
        # are "Returned only in getMe".
        return _ok({**BOT, "can_join_groups": True, "can_read_all_group_messages": not self.privacy,
                    "supports_inline_queries": False})

    async def api_setWebhook(self, params: dict) -> JSONResponse:
        self.webhook = params.get("url", "")
        return _ok(True)

    async def api_deleteWebhook(self, params: dict) -> JSONResponse:
        self.webhook = ""
        return _ok(True)

    async def api_getUpdates(self, params: dict) -> JSONResponse:
        # API getUpdates, Notes: "This method will not work if an outgoing webhook is set up."
        if self.webhook:
            return _error(409, "Conflict: can't use getUpdates method while webhook is active; "
                               "use deleteWebhook to delete the webhook first")
        if "allowed_updates" in params:  # "If not specified, the previous setting will be used."
            self.allowed = set(params["allowed_updates"]) or set(DEFAULT_UPDATES)
        # "An update is considered confirmed as soon as getUpdates is called with an offset
        # higher than its update_id."
        offset = int(params.get("offset") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        # A second poller ends the first (tdlib/telegram-bot-api Client.cpp: "Conflict:
        # terminated by other getUpdates request; make sure that only one bot instance is running").
        if self._poll and not self._poll.done():
            self._poll.set_result("terminated")
        self._poll = mine = asyncio.get_running_loop().create_future()
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), MAX_POLL)
        while not self.updates and time.monotonic() < deadline and not mine.done():
            self._arrived.clear()
            waiting = asyncio.ensure_future(self._arrived.wait())
            await asyncio.wait([waiting, mine], timeout=deadline - time.monotonic(), return_when=asyncio.FIRST_COMPLETED)
            waiting.cancel()
        if mine.done():
            return _error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot "
                               "instance is running")
        mine.set_result("answered")
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        return _ok(self.updates[: min(limit, self.batch)])

    async def api_sendMessage(self, params: dict) -> JSONResponse:
        if self.limited:  # API ResponseParameters.retry_after; FAQ "My bot is hitting limits"
            wait = self.limited.pop(0)
            return _error(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
        if self.broken_after is not None:
            if self.broken_after <= 0:
                return _error(502, "Bad Gateway")
            self.broken_after -= 1
        refused = self._refusal(params)
        if refused is not None:
            return refused
        chat = self.chats[int(params["chat_id"])]
        message = {"message_id": self._next_id(chat), "date": int(time.time()), "chat": chat, "from": BOT,
                   "text": params["text"]}
        if params.get("message_thread_id"):
            message.update(message_thread_id=int(params["message_thread_id"]), is_topic_message=True)
        reply = params.get("reply_parameters")
        if reply:
            message["reply_to_message"] = {"message_id": reply["message_id"], "date": 0, "chat": chat}
        self.sent.append(message)
        if chat["type"] != "private":
            self.last_bot[chat["id"]] = BOT["id"]
        return _ok(message)

    def _refusal(self, params: dict) -> JSONResponse | None:
        """The errors of sendMessage lastmile must tell apart (texts as the Bot API words them)."""
        chat_id = int(params["chat_id"])
        if chat_id in self.upgraded:  # ResponseParameters.migrate_to_chat_id: "The group has been migrated"
            return _error(400, "Bad Request: group chat was upgraded to a supergroup chat",
                          migrate_to_chat_id=self.upgraded[chat_id])
        chat = self.chats.get(chat_id)
        if chat is None or (chat["type"] == "private" and chat_id not in self.started):
            return (_error(403, "Forbidden: bot can't initiate conversation with a user") if chat_id > 0
                    else _error(400, "Bad Request: chat not found"))
        if chat_id in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        if chat_id in self.kicked:
            return _error(403, f"Forbidden: bot was kicked from the {chat['type']} chat")
        text = params.get("text", "")
        if not text.strip():
            return _error(400, "Bad Request: message text is empty")
        if len(text) > MAX_TEXT:
            return _error(400, "Bad Request: message is too long")
        if params.get("message_thread_id") and not chat.get("is_forum"):
            return _error(400, "Bad Request: message thread not found")
        return None

    async def api_editMessageText(self, params: dict) -> JSONResponse:
        for message in self.sent:
            if message["message_id"] == int(params["message_id"]) and message["chat"]["id"] == int(params["chat_id"]):
                message.update(text=params["text"], edit_date=int(time.time()))
                return _ok(message)
        return _error(400, "Bad Request: message to edit not found")


def _user(user_id: int) -> dict:
    return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}


async def _params(request: Request) -> dict:
    """API "Making requests": parameters come as query string, form or JSON; nested values
    (reply_parameters, allowed_updates) are JSON-serialized strings in the first two."""
    params = dict(request.query_params)
    if request.headers.get("content-type", "").startswith("application/json"):
        params.update(await request.json())
    elif request.method == "POST":
        params.update(dict(await request.form()))
    for key, value in params.items():
        if isinstance(value, str) and value[:1] in "[{":
            params[key] = json.loads(value)
    return params
