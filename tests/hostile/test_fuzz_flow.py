"""Hostile chat input against intake over a real NATS: any unicode, control characters,
texts cut by an adapter or over the limit, not JSON, JSON of the wrong shape or types,
platforms nobody wrote an adapter for, a subject that names another platform than the
body, replays with and without the dedupe key, revisions out of order. intake never
crashes, and every message ends up as exactly one answer, dead letter or dedupe skip
(`ledger.py`)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.services import events_of
from tests.support.waiting import eventually

from . import messages as m
from .ledger import ANSWER, DEAD_LETTER, DEDUPE, Ledger, valid_message

FAST = settings(max_examples=20, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


async def settle(h: "Hostile") -> None:
    """A last message from the bound resident, waited for: intake handles in stream order
    and relays in commit order, so everything sent before it is then visible."""
    await h.send(m.raw(m.envelope("/status"), what="marker"))
    marker = h.ledger.sent[-1].key

    async def answered():
        return any(e.data.get("chat", {}).get("message_id") == marker[2] for e in await events_of(h.ledger.js, "intake"))

    await eventually(answered, what="the marker's answer")


class Hostile:
    """A ledger with the resident bound, and what was sent that replays can pick from."""

    def __init__(self, js):
        self.ledger = Ledger(js)
        self.valid: list[dict] = []

    async def send(self, item: m.Raw | m.Replay) -> None:
        if isinstance(item, m.Replay):
            item = self.replay(item)
            if item is None:
                return
        await self.ledger.publish(item.subject, item.body, msg_id=item.msg_id, what=item.what)
        if valid_message(item.subject, item.body):
            self.valid.append(json.loads(item.body))

    def replay(self, replay: m.Replay) -> m.Raw | None:
        if not self.valid:
            return None
        data = dict(self.valid[replay.index % len(self.valid)])
        if replay.mode == "same_id":
            return m.raw(data, what="replayed, same key")
        if replay.mode == "new_id":
            return m.raw(data, what="replayed without its key", msg_id=f"retry-{replay.index}-{len(self.valid)}")
        data["revision"] += 1 if replay.mode == "older_revision" else 2
        return m.raw(data, what=replay.mode)


@pytest.fixture
async def hostile(js, intake, codes):
    h = Hostile(js)
    await h.send(m.raw(m.envelope(f"/bind {codes['R1']}"), what="bind"))
    await settle(h)
    return h


@FAST
@given(batch=st.lists(m.ANYTHING, min_size=1, max_size=20))
async def test_every_message_is_answered_dead_lettered_or_skipped_exactly_once(hostile, batch):
    for item in batch:
        await hostile.send(item)
    await settle(hostile)
    await hostile.ledger.check()


async def test_each_kind_of_hostile_input_ends_where_it_should(hostile):
    """Not vacuous: one of each, with the class the ledger must find."""
    h = hostile
    cases = [
        m.raw(m.envelope("\x00\x01/help\x7f"), what="control characters"),
        m.raw(m.envelope("/order GB1 2", platform="zulip", sender="new"), what="unknown platform: served"),
        m.raw(b"\xff\xfe not json", what="not JSON"),
        m.raw(b"[1, 2]", what="wrong shape"),
        m.raw({**m.envelope("/help"), "revision": "one"}, what="wrong type"),
        m.raw({**m.envelope("/help"), "role": "committee"}, what="extra field"),
        m.raw(m.envelope("/help", platform="matrix"), subject="chat.in.telegram", what="platform mismatch"),
        m.raw(m.envelope("y" * (m.MAX_TEXT + 1)), what="over MAX_TEXT"),
        m.raw(m.envelope(**m.text_fields("z" * (m.MAX_TEXT + 1))), what="cut by the adapter"),
    ]
    for case in cases:
        await h.send(case)
    first = m.envelope("/order GB1 2", message_id="edited", revision=5)
    await h.send(m.raw(first, what="revision 5"))
    await h.send(m.raw(first, what="same again"))
    await h.send(m.raw(first, what="same, new key", msg_id="another-key"))
    await h.send(m.raw({**first, "revision": 3}, what="revision 3 after 5"))
    await settle(h)
    classes = await h.ledger.check()
    expected = [ANSWER, ANSWER, DEAD_LETTER, DEAD_LETTER, DEAD_LETTER, DEAD_LETTER, DEAD_LETTER, DEAD_LETTER,
                ANSWER, ANSWER, DEDUPE, DEDUPE, DEDUPE]
    assert [s.expect for s in h.ledger.sent[2:-1]] == expected
    assert classes[DEAD_LETTER] == 6
    rejected = {e.data["reason"] for e in await events_of(h.ledger.js, "intake", "message.rejected")}
    assert "text_too_long" in rejected and "not_bound" in rejected
