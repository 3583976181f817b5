"""The HTTP side: POST /messages in; GET /outbox and POST /outbox/ack for platforms that
fetch instead of being called. A 2xx answer means the message is safely in JetStream."""

from __future__ import annotations

import asyncio
import hmac
import json

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse
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


async def _json(request: Request) -> object:
    body = await request.body()
    if len(body) > MAX_BODY:
        raise ValueError("body too large")
    return json.loads(body)


async def post_message(request: Request) -> JSONResponse:
    state: AdapterState = request.app.state.adapter
    if not _authorized(state, request):
        return JSONResponse({"error": "unauthorized"}, status_code=401)
    platform = state.settings.webhook_platform
    try:
        data = await _json(request)
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        message = ChatIn.model_validate({"platform": platform, **data})
    except ValidationError as exc:
        return JSONResponse({"error": "invalid", "details": exc.errors(include_url=False, include_input=False)},
                            status_code=422)
    except ValueError as exc:
        return JSONResponse({"error": "invalid", "details": str(exc)}, status_code=400)
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
    wait = min(max(float(request.query_params.get("wait", 25)), 0.1), 60)
    limit = min(max(int(request.query_params.get("max", 50)), 1), 500)
    messages = await state.fetch(limit, wait)
    return JSONResponse({"messages": [json.loads(m.model_dump_json()) for m in messages]})


async def post_ack(request: Request) -> JSONResponse:
    """`{"delivered": [ids], "failed": {id: error}}`: receipts go out, messages are acked."""
    state: AdapterState = request.app.state.adapter
    if not _authorized(state, request):
        return JSONResponse({"error": "unauthorized"}, status_code=401)
    try:
        data = await _json(request)
        receipts = [ChatReceipt(message_id=i, status="delivered") for i in data.get("delivered", [])]
        receipts += [ChatReceipt(message_id=i, status="failed", error=str(e)[:2000])
                     for i, e in data.get("failed", {}).items()]
    except (ValueError, AttributeError, ValidationError) as exc:
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


ROUTES = [
    Route("/messages", post_message, methods=["POST"]),
    Route("/outbox", get_outbox, methods=["GET"]),
    Route("/outbox/ack", post_ack, methods=["POST"]),
    Route("/health", health, methods=["GET"]),
]

__all__ = ["ROUTES"]
