"""Hostile chat input against intake over a real NATS: any unicode, control characters,
texts cut by an adapter or over the limit, not JSON, JSON of the wrong shape or types,
platforms nobody wrote an adapter for, a subject that names another platform than the
body, replays with and without the dedupe key, revisions out of order. intake never
crashes, and every message ends up as exactly one answer, dead letter or dedupe skip
(`ledger.py`)."""

from __future__ import annotations

import json

import nats
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.terminal.session import TerminalSession
from services.intake import audit
from services.intake.roster.run import open_store
from shared.runtime.dead_letters import list_dead_letters
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


async def test_a_one_megabyte_text_is_refused_by_nats_or_cut_by_the_adapter_and_answered(hostile, js):
    h = hostile
    nc = js._nc
    assert nc.max_payload == 1024 * 1024  # the server's default; ours do not raise it
    huge = "买" * (1024 * 1024)
    with pytest.raises(nats.errors.MaxPayloadError):  # the client refuses before sending: nothing enters
        await js.publish("chat.in.telegram", json.dumps(m.envelope(huge)).encode())
    # the same text typed into an adapter: cut to MAX_TEXT, flagged, and the person is told
    await h.send(m.raw(m.envelope(**m.text_fields(huge), sender="someone"), what="1 MB cut by the adapter"))
    session = TerminalSession(js, sender_id="terminal-user")
    message = await session.send(huge)
    h.ledger.published_by_adapter(message)
    assert message.truncated and len(message.text) == m.MAX_TEXT
    # under max_payload but over MAX_TEXT (a publisher that ignores the contract): a dead letter
    await h.send(m.raw(m.envelope("y" * 900_000), what="900 kB over MAX_TEXT"))
    await settle(h)
    await h.ledger.check()
    refusals = [e for e in await events_of(js, "intake", "message.rejected")
                if e.data["chat"]["sender_id"] in ("someone", "terminal-user")]
    assert [(e.data["reason"], e.data["params"], e.data["language"]) for e in refusals] == [
        ("text_too_long", {"limit": "16384"}, "zh")] * 2
    (letter,) = await list_dead_letters(js, "intake")
    assert "text: String should have at most 16384 characters" in letter.error


async def test_an_identity_bound_on_one_platform_does_not_carry_over_to_another(hostile, js, intake_settings):
    """wang is bound on telegram; the same sender id on matrix is a stranger there, and a
    body claiming telegram on matrix's subject is refused as a whole."""
    h = hostile
    await h.send(m.raw(m.envelope("/order GB1 2", platform="matrix"), what="same sender id on matrix"))
    await h.send(m.raw(m.envelope("/order GB1 2"), subject="chat.in.matrix", what="telegram body on matrix"))
    await h.send(m.raw(m.envelope("/order GB1 3"), what="the real wang"))
    await settle(h)
    await h.ledger.check()
    events = [e for e in await events_of(js, "intake") if e.data.get("chat", {}).get("sender_id") == m.BOUND]
    by_platform = {(e.data["chat"]["platform"], e.type): e.data for e in events}
    assert by_platform[("matrix", "message.rejected")]["reason"] == "not_bound"
    assert by_platform[("telegram", "order.requested")]["actor"]["person_id"] == "R1"
    assert ("matrix", "order.requested") not in by_platform
    (letter,) = await list_dead_letters(js, "intake")
    assert "does not match subject 'chat.in.matrix'" in letter.error
    store = open_store(intake_settings)
    try:
        entries = store.run_sync(lambda c: audit.entries(c, reason="not_bound"))
    finally:
        store.close()
    assert [(e.platform, e.sender_id, e.command, e.note) for e in entries] == [
        ("matrix", m.BOUND, "order", "sender_id_bound_on_other_platform")]
