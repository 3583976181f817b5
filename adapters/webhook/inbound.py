"""The HTTP side: POST /messages in; GET /outbox and POST /outbox/ack for platforms that
fetch instead of being called. A 2xx answer means the message is safely in JetStream."""

from __future__ import annotations

import asyncio
import hmac
import json
import math

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from shared.contracts.chat import ChatIn, ChatReceipt

from ..envelope import publish_in, publish_receipt
from .state import AdapterState

MAX_BODY = 64 * 1024


def _authorized(state: AdapterState, request: Request) -> bool:
    token = state.settings.webhook_token
    if not token:
        return True
    given = request.headers.get("authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


class BadRequest(ValueError):
    """A request refused with a 4xx and a reason; nothing of it reached NATS."""

    def __init__(self, reason: str, status: int = 400):
        super().__init__(reason)
        self.status = status


def _refused(exc: BadRequest) -> JSONResponse:
    return JSONResponse({"error": "invalid", "details": str(exc)}, status_code=exc.status)


async def _body(request: Request) -> bytes:
    """At most MAX_BODY bytes, read as they come: a larger body (declared or chunked) is
    refused once MAX_BODY is passed, so its size never reaches memory."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise BadRequest("body too large", 413)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise BadRequest("body too large", 413)
    return bytes(body)


async def _json(request: Request) -> object:
    body = await _body(request)
    try:
        return json.loads(body)
    except RecursionError:
        raise BadRequest("JSON nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError and bad UTF-8 alike
        raise BadRequest(f"not JSON: {exc}"[:300]) from None


def _number(request: Request, name: str, default: float, low: float, high: float) -> float:
    """A query value as a finite number, kept within [low, high]; anything else is a 400."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a number, got {raw[:40]!r}") from None
    if not math.isfinite(value):
        raise BadRequest(f"{name} must be a finite number, got {raw[:40]!r}")
    return min(max(value, low), high)


async def post_message(request: Request) -> JSONResponse:
    state: AdapterState = request.app.state.adapter
    if not _authorized(state, request):
        return JSONResponse({"error": "unauthorized"}, status_code=401)
    platform = state.settings.webhook_platform
    try:
        data = await _json(request)
        if not isinstance(data, dict):
            raise BadRequest("expected a JSON object")
        message = ChatIn.model_validate({"platform": platform, **data})
    except ValidationError as exc:
        return JSONResponse({"error": "invalid", "details": exc.errors(include_url=False, include_input=False)},
                            status_code=422)
    except BadRequest as exc:
        return _refused(exc)
    if message.platform != platform:
        return JSONResponse({"error": f"this adapter serves platform {platform!r}"}, status_code=422)
    try:
        ack = await asyncio.wait_for(publish_in(state.js, message), state.settings.nats_connect_timeout)
    except Exception as exc:  # not stored: the caller must retry, nothing is acknowledged
        return JSONResponse({"error": f"not stored, retry: {type(exc).__name__}"}, status_code=503)
    return JSONResponse({"key": message.dedupe_key, "duplicate": bool(ack.duplicate)}, status_code=202)


async def get_outbox(request: Request) -> JSONResponse:
    """Long-poll: wait up to `wait` seconds for messages; each must then be acked."""
    state: AdapterState = request.app.state.adapter
    if not _authorized(state, request):
        return JSONResponse({"error": "unauthorized"}, status_code=401)
    if state.pending is None:
        return JSONResponse({"error": "this adapter POSTs outgoing messages itself"}, status_code=409)
    try:
        wait = _number(request, "wait", 25, 0.1, 60)
        limit = int(_number(request, "max", 50, 1, 500))
    except BadRequest as exc:
        return _refused(exc)
    messages = await state.fetch(limit, wait)
    return JSONResponse({"messages": [json.loads(m.model_dump_json()) for m in messages]})


def _failed(message_id: str, said) -> ChatReceipt:
    if isinstance(said, dict):
        return ChatReceipt(message_id=message_id, status="failed", error=str(said.get("error", ""))[:2000] or None,
                           reason=said.get("reason"))
    return ChatReceipt(message_id=message_id, status="failed", error=str(said)[:2000])


async def post_ack(request: Request) -> JSONResponse:
    """`{"delivered": [ids], "failed": {id: error | {"error", "reason"}}}`: receipts go out,
    messages are acked. A failure with a `reason` (blocked, left, chat_gone, refused) is final:
    notify does not try it again; a plain error is a passing one."""
    state: AdapterState = request.app.state.adapter
    if not _authorized(state, request):
        return JSONResponse({"error": "unauthorized"}, status_code=401)
    try:
        data = await _json(request)
        receipts = [ChatReceipt(message_id=i, status="delivered") for i in data.get("delivered", [])]
        receipts += [_failed(i, e) for i, e in data.get("failed", {}).items()]
    except BadRequest as exc:
        return _refused(exc)
    except (ValueError, AttributeError, TypeError, ValidationError) as exc:
        return JSONResponse({"error": "invalid", "details": str(exc)[:500]}, status_code=400)
    unknown = []
    for receipt in receipts:
        msg = state.pending.pop(receipt.message_id, None) if state.pending is not None else None
        if msg is None:
            unknown.append(receipt.message_id)
            continue
        await publish_receipt(state.js, state.settings.webhook_platform, receipt)
        await msg.ack()
    return JSONResponse({"acked": len(receipts) - len(unknown), "unknown": unknown})


async def health(request: Request) -> JSONResponse:
    state: AdapterState = request.app.state.adapter
    ok = bool(state.nc and state.nc.is_connected)
    return JSONResponse({"status": "ok" if ok else "down"}, status_code=200 if ok else 503)


async def metrics(request: Request) -> Response:
    """The adapter's figures (`lastmile_adapter_*`, label `platform`), as the other adapters serve them."""
    state: AdapterState = request.app.state.adapter
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)


ROUTES = [
    Route("/messages", post_message, methods=["POST"]),
    Route("/outbox", get_outbox, methods=["GET"]),
    Route("/outbox/ack", post_ack, methods=["POST"]),
    Route("/health", health, methods=["GET"]),
    Route("/metrics", metrics, methods=["GET"]),
]

__all__ = ["ROUTES"]
