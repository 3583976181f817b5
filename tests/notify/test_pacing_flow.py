"""A burst of 1,000 notices to one chat: released no faster than the chat's limit, none lost.

The clock is fixed and moved by the test, so each window's releases can be counted exactly:
after t seconds a chat may have had at most burst + rate × t messages.
"""

from __future__ import annotations

from sqlalchemy import func, select

from services.notify.settings import RateLimit
from services.notify.tables import notices
from shared.contracts.intake import MessageRejected
from shared.runtime.clock import FixedClock
from tests.notify.helpers import NOW, ChatOutReader, chat, notify, notify_settings, settle
from tests.support.services import publish_event
from tests.support.waiting import eventually

# A message a second with bursts of 60: after each 60-second window the bucket holds exactly
# one window's worth, so by time t at most BURST + t seconds' worth may have gone out.
BURST, PER_MINUTE, WINDOW = 60, 60, 60


async def test_a_burst_of_1000_to_one_chat_respects_the_limit_and_loses_none(js, settings_for):
    clock = FixedClock(NOW)
    limits = {"default": RateLimit(chat_per_minute=PER_MINUTE, chat_burst=BURST, platform_per_second=1000,
                                   platform_burst=1000)}
    out = ChatOutReader(js)
    async with notify(js, notify_settings(settings_for, notify_rate_limits=limits), clock) as runtime:
        for n in range(1000):
            await publish_event(js, MessageRejected(chat=chat("g-busy", sender=f"s{n}", chat_type="group"),
                                                    language="en", reason="unknown_command",
                                                    params={"word": f"/x{n}", "hint": "/help"}))
        await settle(js, "notify-intake")
        stored = runtime.store.run_sync(lambda c: c.execute(select(func.count()).select_from(notices)).scalar())
        assert stored == 1000
        released = [await _released(out, BURST)]
        elapsed = 0
        while released[-1] < 1000:
            elapsed += WINDOW
            clock.advance(seconds=WINDOW)
            allowed = min(1000, BURST + PER_MINUTE * elapsed // 60)
            released.append(await _released(out, allowed))
    windows = [b - a for a, b in zip(released, released[1:])]
    assert released[0] == BURST and max(windows) <= PER_MINUTE * WINDOW // 60
    texts = {m.text for m in out.messages}
    assert len(out.messages) == 1000 and len(texts) == 1000  # every notice, once


async def _released(out: ChatOutReader, allowed: int) -> int:
    """Wait for what the limit allows by now, then check nothing beyond it went out."""
    await eventually(lambda: _at_least(out, allowed), what=f"{allowed} released")
    count = await out.count(chat_id="g-busy")
    assert count == allowed, f"{count} released where the limit allows {allowed}"
    return count


async def _at_least(out, n):
    return await out.count(chat_id="g-busy") >= n


async def test_replies_to_many_chats_share_the_platforms_limit_and_all_go_out(js, settings_for):
    """40 chats, one reply each, most in the same batch: the platform's bucket is shared by all
    of them (10 at once, then 2 a second), and every chat gets its reply once."""
    clock = FixedClock(NOW)
    limits = {"default": RateLimit(chat_per_minute=60, chat_burst=5, platform_per_second=2, platform_burst=10)}
    out = ChatOutReader(js)
    async with notify(js, notify_settings(settings_for, notify_rate_limits=limits), clock):
        for n in range(40):
            await publish_event(js, MessageRejected(chat=chat(f"g-{n}", sender=f"s{n}", chat_type="group"),
                                                    language="en", reason="unknown_command",
                                                    params={"word": f"/x{n}", "hint": "/help"}))
        await settle(js, "notify-intake")
        released = [await _platform_released(out, 10)]
        while released[-1] < 40:
            clock.advance(seconds=5)
            released.append(await _platform_released(out, min(40, released[-1] + 10)))
    assert released == [10, 20, 30, 40]
    chats = sorted(m.chat_id for m in out.messages)
    assert chats == sorted(f"g-{n}" for n in range(40))  # each chat once: none lost, none twice


async def _platform_released(out: ChatOutReader, allowed: int) -> int:
    await eventually(lambda: _all_at_least(out, allowed), what=f"{allowed} released")
    count = await out.count()
    assert count == allowed, f"{count} released where the platform's limit allows {allowed}"
    return count


async def _all_at_least(out, n):
    return await out.count() >= n
