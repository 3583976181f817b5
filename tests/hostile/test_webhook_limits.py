"""The webhook adapter's caller is another system: what is too big is refused to it with a
clear status, before anything reaches NATS."""

from __future__ import annotations

import httpx

from adapters.webhook.app import make_app
from shared.contracts.chat import MAX_TEXT
from tests.intake.test_webhook_adapter import TOKEN, adapter_settings, serving
from tests.support.waiting import stream_messages

from . import messages as m


async def test_an_over_long_text_is_422_and_a_megabyte_body_is_400(js, intake, intake_settings):
    async with serving(make_app(adapter_settings(intake_settings))) as url, httpx.AsyncClient(timeout=10) as http:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        message = {k: v for k, v in m.envelope("x").items() if k != "platform"}
        over = await http.post(f"{url}/messages", json={**message, "text": "x" * (MAX_TEXT + 1)}, headers=auth)
        huge = await http.post(f"{url}/messages", json={**message, "text": "x" * (1024 * 1024)}, headers=auth)
        fine = await http.post(f"{url}/messages", json=message, headers=auth)
    assert over.status_code == 422 and over.json()["details"][0]["loc"] == ["text"]
    assert huge.status_code == 400 and huge.json()["details"] == "body too large"
    assert fine.status_code == 202
    assert len(await stream_messages(js, "CHAT_IN")) == 1
