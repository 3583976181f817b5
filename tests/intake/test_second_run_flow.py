"""A second run of the demo or the bench on the same stores (`lastmile demo` on one
PostgreSQL database, run again) must be heard: its chat's message ids are its own, so intake's
inbox does not take them for the first run's messages (it answered none of the binds)."""

from __future__ import annotations

from lastmile.bench.chat import BenchChat
from tests.support.waiting import eventually

from .support import from_intake


async def test_the_same_words_from_a_second_run_s_chat_are_answered_again(js, intake, codes):
    answered = []
    for run in ("first", "second"):
        chat = BenchChat(js._nc)
        message_id = await chat.say("u-R1", "/help order")

        async def handled():
            return [e for e in await from_intake(js, "help.requested") if e.data["chat"]["message_id"] == message_id]

        answered += await eventually(handled, what=f"the {run} run's message answered")
    assert len(answered) == 2 and answered[0].data["chat"]["message_id"] != answered[1].data["chat"]["message_id"]
