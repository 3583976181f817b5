"""A Bot-API-compatible server for the Telegram adapter's tests (Starlette, on loopback).

It speaks the methods the adapter uses — getMe, getUpdates (long poll; an offset confirms
and forgets every earlier update, as Telegram does), sendMessage, editMessageText — and lets
a test play the people: `user_says`, `user_edits`, and `rate_limit` (429s with retry_after).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BOT = {"id": 4242, "is_bot": True, "first_name": "lastmile", "username": "lastmile_bot"}


def _chat(chat_id: int) -> dict:
    return {"id": chat_id, "type": "private"} if chat_id > 0 else {"id": chat_id, "type": "supergroup", "title": "Building 3"}


class FakeBotApi:
    def __init__(self, token: str):
        self.token = token
        self.updates: list[dict] = []  # not yet confirmed by an offset
        self.sent: list[dict] = []  # what the bot sent, as Telegram stored it
        self.calls: list[str] = []
        self.limited: list[int] = []  # retry_after of each 429 still to answer
        self.batch = 100  # most updates per getUpdates (Telegram: 100); small makes a backlog
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._arrived = asyncio.Event()
        self.app = Starlette(routes=[Route("/bot{token}/{method}", self.handle, methods=["GET", "POST"])])

    # -- the people's side ------------------------------------------------------------------

    def _push(self, kind: str, message: dict) -> None:
        self.updates.append({"update_id": next(self._update_ids), kind: message})
        self._arrived.set()

    def user_says(self, chat_id: int, user_id: int, text: str, reply_to: int | None = None) -> int:
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": _chat(chat_id),
                   "from": {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}, "text": text}
        if reply_to:
            message["reply_to_message"] = {"message_id": reply_to, "date": int(time.time()), "chat": _chat(chat_id)}
        self._push("message", message)
        return message["message_id"]

    def user_edits(self, chat_id: int, user_id: int, message_id: int, text: str) -> None:
        now = int(time.time())
        self._push("edited_message", {"message_id": message_id, "date": now, "edit_date": now, "chat": _chat(chat_id),
                                      "from": {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"},
                                      "text": text})

    def rate_limit(self, *retry_after: int) -> None:
        """The next sendMessage calls answer 429, each with its retry_after."""
        self.limited.extend(retry_after)

    # -- the Bot API ------------------------------------------------------------------------

    async def handle(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401)
        method = request.path_params["method"]
        self.calls.append(method)
        params = await _params(request)
        found = getattr(self, f"api_{method}", None)
        if found is None:
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, status_code=404)
        return await found(params)

    async def api_getMe(self, params: dict) -> JSONResponse:
        return _ok(BOT)

    async def api_getUpdates(self, params: dict) -> JSONResponse:
        offset = int(params.get("offset") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]  # confirmed: forgotten
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while not self.updates and time.monotonic() < deadline:
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), deadline - time.monotonic())
            except asyncio.TimeoutError:
                break
        wanted = params.get("allowed_updates") or ["message", "edited_message"]
        chosen = [u for u in self.updates if set(u) & set(wanted)]
        return _ok(chosen[: min(int(params.get("limit") or 100), self.batch)])

    async def api_sendMessage(self, params: dict) -> JSONResponse:
        if self.limited:
            wait = self.limited.pop(0)
            return JSONResponse({"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {wait}",
                                 "parameters": {"retry_after": wait}}, status_code=429)
        chat_id = int(params["chat_id"])
        if chat_id == 0:
            return JSONResponse({"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
                                status_code=400)
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": _chat(chat_id),
                   "from": BOT, "text": params["text"]}
        reply = params.get("reply_parameters")
        if reply:
            message["reply_to_message"] = {"message_id": reply["message_id"], "date": 0, "chat": _chat(chat_id)}
        self.sent.append(message)
        return _ok(message)

    async def api_editMessageText(self, params: dict) -> JSONResponse:
        for message in self.sent:
            if message["message_id"] == int(params["message_id"]) and message["chat"]["id"] == int(params["chat_id"]):
                message.update(text=params["text"], edit_date=int(time.time()))
                return _ok(message)
        return JSONResponse({"ok": False, "error_code": 400, "description": "Bad Request: message to edit not found"},
                            status_code=400)


def _ok(result) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result})


async def _params(request: Request) -> dict:
    """Bot API parameters come as query, JSON or form fields; nested values are JSON strings."""
    params = dict(request.query_params)
    if request.headers.get("content-type", "").startswith("application/json"):
        params.update(await request.json())
    elif request.method == "POST":
        params.update(dict(await request.form()))
    for key, value in params.items():
        if isinstance(value, str) and value[:1] in "[{":
            params[key] = json.loads(value)
    return params
