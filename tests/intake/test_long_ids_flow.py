"""Platform ids of any length (a Matrix room id and event id are ~90 characters together, and
each may be 256) become bounded keys once, in the contracts: a person with such ids is
answered, and the keys still tell messages apart."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.contracts.keys import CORRELATION_ID_LIMIT, STORED_KEY_LIMIT, bounded_key
from tests.support.waiting import eventually

from .support import about, chat_in, from_intake, say

ROOM = "!" + "r" * 240 + ":matrix.org"  # 252 characters
EVENT = "$" + "e" * 255


def test_a_short_key_is_kept_and_a_long_one_is_bounded_and_distinct():
    assert bounded_key("telegram:42:7:0", 64) == "telegram:42:7:0"
    long_a, long_b = "matrix:" + "a" * 100, "matrix:" + "a" * 99 + "b"
    a, b = bounded_key(long_a, 64), bounded_key(long_b, 64)
    assert len(a) == len(b) == 64 and a != b and a.startswith("matrix:aaa")


def test_a_message_with_the_longest_ids_keeps_every_key_within_its_column():
    message = chat_in("/help", "@" + "s" * 255, chat_id=ROOM, message_id=EVENT, platform="matrix")
    assert len(message.dedupe_key) <= STORED_KEY_LIMIT
    assert len(message.correlation_id) <= CORRELATION_ID_LIMIT
    edit = message.model_copy(update={"revision": 1})
    assert edit.dedupe_key != message.dedupe_key


async def test_a_person_with_long_matrix_ids_is_bound_and_their_command_is_answered(js, intake, codes):
    sender = "@wang.fang.building3:" + "x" * 60 + ".example.org"
    bind = await say(js, f"/bind {codes['R1']}", sender, chat_id=ROOM, message_id=EVENT, platform="matrix")
    status = await say(js, "/help order", sender, chat_id=ROOM, message_id=EVENT[:-1] + "f",
                       platform="matrix")

    async def both_answered():
        events = await from_intake(js)
        return events if about(events, bind) and about(events, status) else None

    events = await eventually(both_answered, what="the bind and the help answered")
    assert [e.type for e in about(events, bind)] == ["identity.bound"]
    assert [e.type for e in about(events, status)] == ["help.requested"]
    assert about(events, bind)[0].correlation_id == bind.correlation_id != about(events, status)[0].correlation_id


def test_a_revision_past_what_the_stores_hold_is_refused_by_the_contract():
    assert chat_in("/help", "s", revision=1_765_152_000_123).revision == 1_765_152_000_123
    with pytest.raises(ValidationError, match="less than or equal"):
        chat_in("/help", "s", revision=10**30)


async def test_an_edit_numbered_by_its_time_in_ms_is_answered(js, intake, codes):
    await say(js, f"/bind {codes['R1']}", "u-ms")
    edit = await say(js, "/help order", "u-ms", message_id="$edited", revision=1_765_152_000_123)

    async def answered():
        return about(await from_intake(js), edit)

    assert [e.type for e in await eventually(answered, what="the edit answered")] == ["help.requested"]
