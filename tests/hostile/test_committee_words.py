"""A resident can never produce a committee intent, whatever the wording: any case, any
spacing (tabs, full-width and no-break spaces), full-width letters and slashes, the Chinese
words, `@bot` suffixes, colons, extra arguments. Run through intake's real handler on its
store: parse, then authorize, then (never) the intent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.intake import directory
from services.intake.domain.permissions import ALLOWED, may
from services.intake.intents import INTENTS
from services.intake.parsing import ParseContext, parse_message
from services.intake.parsing.words import CHINESE, SLASH
from shared.contracts.registry import spec_of

NOT_FOR_RESIDENTS = sorted(c for c in ALLOWED if not may("resident", c))
COMMITTEE = sorted(c for c in NOT_FOR_RESIDENTS if "committee" in ALLOWED[c])
FORBIDDEN_TYPES = {spec_of(INTENTS[c]).type for c in NOT_FOR_RESIDENTS}
SLASH_WORDS = sorted(w for w, c in SLASH.items() if c in NOT_FOR_RESIDENTS)
CHINESE_WORDS = sorted(w for w, c in CHINESE.items() if c in NOT_FOR_RESIDENTS)
SPACES = st.sampled_from(["", " ", "  ", "\t", "\u3000", "\u00a0", "\n", " \u3000 "])
ARGUMENTS = st.one_of(
    st.sampled_from(["V3", "GB12", "gb012 no", "all Water off", "3 hello", "sealed", "封控区", "add note",
                     "Fresh\nlicence L1 2030-01-01", "V3 V4 V5", "GB1 because", "ＧＢ１２", "all"]),
    st.text(max_size=60),
)


def full_width(text: str) -> str:
    """ASCII → its full-width form (what a Chinese IME types), space → ideographic space."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


@st.composite
def committee_wording(draw) -> str:
    if draw(st.booleans()):
        word = draw(st.sampled_from(SLASH_WORDS))
        word = "".join(c.upper() if draw(st.booleans()) else c for c in word)
        word = draw(st.sampled_from(["/", "／"])) + word + draw(st.sampled_from(["", "@lastmile_bot", "@X"]))
    else:
        word = draw(st.sampled_from(CHINESE_WORDS))
    if draw(st.booleans()):
        word = full_width(word)
    separator = draw(st.sampled_from([" ", ":", "：", "\u3000", "\t", "", " : "]))
    arguments = draw(ARGUMENTS)
    if draw(st.booleans()):
        arguments = full_width(arguments)
    return draw(SPACES) + word + separator + arguments + draw(SPACES)


def bound_resident(harness) -> str:
    chat, codes = harness
    assert chat.reply(f"/bind {codes['R1']}", "wang")[0] == "identity.bound"
    return "wang"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=committee_wording(), group=st.booleans())
def test_a_resident_never_gets_a_committee_intent(harness, text, group):
    chat, _ = harness
    sender = "wang"
    if not chat.store.run_sync(lambda c: directory.person_of(c, "telegram", sender)):
        bound_resident(harness)
    events = chat.say(text, sender, chat_type="group" if group else "direct",
                      chat_id="g-3" if group else f"dm-{sender}")
    assert not {e.type for e in events} & FORBIDDEN_TYPES, (text, events)
    parsed = parse_message(text, ParseContext(now=chat.clock.now(), tz=chat.settings.tz))
    if getattr(parsed, "command", None) in NOT_FOR_RESIDENTS:  # understood as the command: refused for the role
        (event,) = events
        assert event.data["reason"] == "wrong_role" and event.data["params"]["role"] == "resident"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_whatever_a_resident_writes_only_resident_intents_come_out(harness, text):
    chat, _ = harness
    if not chat.events("identity.bound"):
        bound_resident(harness)
    events = chat.say(text, "wang")
    assert len(events) == 1  # a direct chat always answers, exactly once
    assert events[0].type not in FORBIDDEN_TYPES


def test_the_disguises_are_understood_and_refused(harness):
    """The property above is not vacuous: these all parse as committee commands."""
    chat, _ = harness
    bound_resident(harness)
    for text in ["/APPROVE V3", "／ａｐｐｒｏｖｅ　Ｖ３", "  /Approve@lastmile_bot GB12", "批准 V3", "批准：GB12",
                 "ｚｏｎｅ sealed", "/zone\tsealed", "分级 封控区 now", "/announce all hi", "通报 全体 停水",
                 "/bulletin add x", "补充通报 x", "/groupchat all", "群登记 3", "/reject GB1 no", "驳回GB1 no",
                 "/vendor Fresh"]:
        reply = chat.reply(text, "wang")
        if text.startswith("ｚｏｎｅ"):  # no slash: chatter, told it is unknown
            assert reply[0] == "unknown_command", text
            continue
        assert reply[0] == "wrong_role", text
        assert reply[1]["command"] in COMMITTEE
