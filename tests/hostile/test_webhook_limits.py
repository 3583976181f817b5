"""The webhook adapter's caller is another system: what is too big is refused to it with a
clear status, before anything reaches NATS."""

from __future__ import annotations

import tracemalloc

import httpx

from adapters.webhook.app import make_app
from shared.contracts.chat import MAX_TEXT
from tests.intake.test_webhook_adapter import TOKEN, adapter_settings, serving
from tests.support.waiting import stream_messages

from . import messages as m


async def test_an_over_long_text_is_422_and_a_megabyte_body_is_413(js, intake, intake_settings):
    async with serving(make_app(adapter_settings(intake_settings))) as url, httpx.AsyncClient(timeout=10) as http:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        message = {k: v for k, v in m.envelope("x").items() if k != "platform"}
        over = await http.post(f"{url}/messages", json={**message, "text": "x" * (MAX_TEXT + 1)}, headers=auth)
        huge = await http.post(f"{url}/messages", json={**message, "text": "x" * (1024 * 1024)}, headers=auth)
        fine = await http.post(f"{url}/messages", json=message, headers=auth)
    assert over.status_code == 422 and over.json()["details"][0]["loc"] == ["text"]
    assert huge.status_code == 413 and huge.json()["details"] == "body too large"
    assert fine.status_code == 202
    assert len(await stream_messages(js, "CHAT_IN")) == 1


async def test_a_chunked_body_without_end_is_refused_within_bounded_memory(js, intake, intake_settings):
    """A 300 MiB chunked POST (no Content-Length) once took the adapter from 61 to 662 MiB:
    the body was read whole before its size was checked. Python's allocations while 100 MiB
    are sent must stay far below that (the client's own 1 MiB chunks included)."""

    async def chunks():
        for _ in range(100):
            yield b"x" * (1024 * 1024)

    async with serving(make_app(adapter_settings(intake_settings))) as url, httpx.AsyncClient(timeout=30) as http:
        tracemalloc.start()
        try:
            answer = await http.post(f"{url}/messages", content=chunks(), headers={"Authorization": f"Bearer {TOKEN}"})
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, f"{peak / 2**20:.0f} MiB allocated at the peak"
    assert (answer.status_code, answer.json()["details"]) == (413, "body too large")
    assert await stream_messages(js, "CHAT_IN") == []


async def test_nested_json_and_bad_query_values_are_400_with_a_reason(js, intake, intake_settings):
    async with serving(make_app(adapter_settings(intake_settings))) as url, httpx.AsyncClient(timeout=10) as http:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        nested = await http.post(f"{url}/messages", content=b"[" * 30_000 + b"]" * 30_000, headers=auth)
        not_json = await http.post(f"{url}/outbox/ack", content=b"{oops", headers=auth)
        queries = [await http.get(f"{url}/outbox", params=q, headers=auth)
                   for q in ({"wait": "abc"}, {"wait": "nan"}, {"max": "abc"}, {"wait": "inf"})]
        still = await http.get(f"{url}/outbox", params={"wait": "0.1", "max": "5"}, headers=auth)
    assert (nested.status_code, nested.json()["details"]) == (400, "JSON nested too deeply")
    assert not_json.status_code == 400 and not_json.json()["details"].startswith("not JSON")
    assert [q.status_code for q in queries] == [400] * 4
    assert "wait must be a number" in queries[0].json()["details"]
    assert "finite" in queries[1].json()["details"] and "max must be a number" in queries[2].json()["details"]
    assert still.status_code == 200 and still.json() == {"messages": []}
