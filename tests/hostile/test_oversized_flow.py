"""A message the size of the server's limit on `chat.in`: its dead letter (the payload plus
our headers) would pass the limit, and the server would close intake's connection over it,
for good. It is parked cut to fit and marked so; intake keeps its connection and answers
the next person; the cut letter is listed but refused for replay."""

from __future__ import annotations

import pytest

from shared.runtime import dead_letters
from tests.intake.support import about, from_intake, say
from tests.support.waiting import eventually

NEAR_LIMIT = 1_048_276  # bytes of "N": under the default max_payload (1 MiB), not with headers


async def test_a_payload_at_the_limit_is_parked_cut_and_intake_answers_the_next(js, intake, codes):
    assert js._nc.max_payload == 1_048_576, "the test assumes the server's default max_payload"
    await js.publish("chat.in.x", b"N" * NEAR_LIMIT)
    await eventually(lambda: dead_letters.list_dead_letters(js, "intake"), what="the dead letter", timeout=30)

    help_ = await say(js, "/help", "u-R1")

    async def answered():
        return about(await from_intake(js), help_)

    await eventually(answered, what="the next message answered", timeout=30)
    assert intake.nc.is_connected and not intake.connection_lost.is_set()
    [letter] = await dead_letters.list_dead_letters(js, "intake")
    assert letter.truncated_from == NEAR_LIMIT and 0 < len(letter.payload) < NEAR_LIMIT
    assert letter.subject == "chat.in.x" and "invalid chat message" in letter.error
    with pytest.raises(dead_letters.NotReplayable, match="cannot be replayed"):
        await dead_letters.replay(js, "intake", letter.seq)
