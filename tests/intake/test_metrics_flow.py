"""intake's /metrics shows refused attempts by reason, from the audit log, over a real NATS."""

from __future__ import annotations

import httpx

from tests.support.waiting import eventually

from .support import say


async def test_refusals_are_counted_by_reason_on_metrics(js, intake, codes):
    for code in ["AAAA-BBBB-CCCC", "DDDD-EEEE-FFFF"]:
        await say(js, f"/bind {code}", "guesser")
    await say(js, "/order GB1 2", "stranger")

    async def scraped():  # all three handled (each may be a batch of its own)
        text = httpx.get(f"http://127.0.0.1:{intake.health.port}/metrics", timeout=5).text
        done = ('lastmile_intake_refusals_total{reason="bad_code"} 2.0' in text
                and 'lastmile_intake_refusals_total{reason="not_bound"} 1.0' in text)
        return text if done else None

    text = await eventually(scraped, what="both kinds of refusal on /metrics")
    assert 'lastmile_intake_refusals_total{reason="bind_locked"} 0.0' in text
