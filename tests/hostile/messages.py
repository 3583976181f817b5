"""What a hostile chat (or a broken adapter) can put on `chat.in`: hypothesis strategies.

Each strategy yields a `Raw` (subject, body, Nats-Msg-Id) or a `Replay` of something sent
before; the ledger decides from the contract what should become of it.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from hypothesis import strategies as st

from shared.contracts.chat import MAX_TEXT, text_fields

_ids = itertools.count(1)
BOUND = "wang"            # bound on telegram by the test (R1, a resident)
PLATFORMS = ["telegram", "zulip", "matrix", "sms-gw"]  # zulip, sms-gw: platforms nobody wrote an adapter for


@dataclass(frozen=True)
class Raw:
    subject: str
    body: bytes
    msg_id: str | None
    what: str


@dataclass(frozen=True)
class Replay:
    index: int   # which earlier valid message (modulo how many there are)
    mode: str    # same_id | new_id | older_revision | newer_revision
    what: str = "replay"


def envelope(text: str, *, platform: str = "telegram", sender: str = BOUND, chat_type: str = "direct",
             message_id: str | None = None, revision: int = 0, **extra) -> dict:
    """A chat.in body as an adapter would write it (a dict, so tests can break it)."""
    return {"platform": platform, "chat_id": f"dm-{sender}" if chat_type == "direct" else "g-3",
            "chat_type": chat_type, "sender_id": sender, "message_id": message_id or f"h{next(_ids)}",
            "revision": revision, "text": text, "sent_at": datetime.now(timezone.utc).isoformat(), **extra}


KEY_FIELDS = ("platform", "chat_id", "message_id", "revision")


def raw(data: dict | bytes, *, subject: str | None = None, what: str, msg_id: str | None = "key") -> Raw:
    """Published on the body's platform's subject unless told otherwise, with the
    dedupe key an adapter would send (`msg_id="key"`), another id, or none."""
    is_dict = isinstance(data, dict)
    body = json.dumps(data, ensure_ascii=False).encode() if is_dict else data
    if subject is None:
        platform = data.get("platform") if is_dict else None
        subject = f"chat.in.{platform}" if isinstance(platform, str) else "chat.in.telegram"
    if msg_id == "key":
        has_key = is_dict and all(f in data for f in KEY_FIELDS)
        msg_id = ":".join(str(data[f]) for f in KEY_FIELDS) if has_key else f"x{next(_ids)}"
    return Raw(subject, body, msg_id, what)


HOSTILE_TEXTS = st.sampled_from([
    "{{ 7*7 }} {% for x in range(10**9) %}{% endfor %}", "/order GB1 {{ config }}", "\x00\x01\x02/bind \x00",
    "\u202e/approve V3", "/appr\u200bove V3", "\ufeff/help", "'; DROP TABLE people;--", "%s%n%x",
    "/order GB1 2 " + "\u0301" * 500, "👨‍👩‍👧‍👦" * 50, "\r\n\r\n", "/bind " + "A" * 4000, "接龙 GB1 ９９９９９",
    "/status \x1b[31mred", "/order\x00GB1 2", "/help" + "\n" * 300, "",
])
UNICODE = st.one_of(  # any code point but lone surrogates, short and long
    st.text(st.characters(codec="utf-8"), max_size=40), st.text(st.characters(codec="utf-8"), min_size=40, max_size=400))
COMMAND_HEADS = st.sampled_from(["/", "/bind ", "/order ", "/approve ", "接龙 ", "批准 ", "/help ", "绑定 ", "/status "])
TEXTS = st.one_of(UNICODE, HOSTILE_TEXTS, st.builds(str.__add__, COMMAND_HEADS, UNICODE))
STRANGERS = st.sampled_from(["stranger", "x" * 256, "@mallory:evil.org", "0", BOUND])  # BOUND: on another platform


@st.composite
def person_writes(draw) -> Raw:
    """A well-formed message with any text (direct chat): mostly from the bound resident,
    else from anyone on any platform."""
    if draw(st.integers(0, 2)):
        platform, sender = "telegram", BOUND
    else:
        platform, sender = draw(st.sampled_from(PLATFORMS[1:])), draw(STRANGERS)
    return raw(envelope(draw(TEXTS), platform=platform, sender=sender), what="text")


@st.composite
def group_command(draw) -> Raw:
    """In a group, chatter is silence: only command-looking text is sent, which is answered."""
    return raw(envelope("/" + draw(UNICODE), chat_type="group"), what="group command")


def too_long() -> st.SearchStrategy[Raw]:
    """An adapter cut it (truncated: answered text_too_long) or a publisher broke the
    contract (over MAX_TEXT: a dead letter)."""
    cut = st.builds(lambda c: raw(envelope(**text_fields(c * (MAX_TEXT + 10))), what="cut by the adapter"),
                    st.sampled_from(["x", "字", "\x00"]))
    over = st.builds(lambda n: raw(envelope("y" * (MAX_TEXT + n)), what="over MAX_TEXT"), st.integers(1, 1000))
    return st.one_of(cut, over)


NOT_JSON = st.builds(lambda b: raw(b, what="not JSON"), st.binary(max_size=200))
WRONG_SHAPE = st.builds(lambda v: raw(v.encode(), what="wrong shape"),
                        st.sampled_from(["[]", "1", '"text"', "null", "{}", "[{}]", '{"text": "/help"}', "true"]))
MUTATIONS = {
    "revision": ["one", -1, 1.5, None, [], {}], "chat_type": ["channel", 1, None, "DIRECT"],
    "sent_at": ["2022-04-10T08:00:00", "yesterday", None, ""], "text": [5, None, ["a"], {"t": 1}],
    "sender_id": ["", None, 5, "a\x00b", "line\nbreak"], "chat_id": ["", None, "x" * 257],
    "message_id": ["", None, "\x7f"], "platform": ["", "UPPER", "a.b", None, "x" * 33],
    "truncated": ["yes", 2], "admin": [True], "role": ["committee"],
}


@st.composite
def wrong_types(draw) -> Raw:
    """One field of a good message broken (or an extra field, which the contract forbids)."""
    data = envelope("/help")
    field = draw(st.sampled_from(sorted(MUTATIONS)))
    value = draw(st.sampled_from(MUTATIONS[field]))
    if draw(st.booleans()) and field in data:
        data.pop(field)
    else:
        data[field] = value
    return raw(data, subject="chat.in.telegram", what=f"wrong {field}")


@st.composite
def other_platform_in_body(draw) -> Raw:
    """The subject names one platform, the body another (an adapter speaking for another)."""
    data = envelope("/status", platform=draw(st.sampled_from(["matrix", "zulip"])))
    return raw(data, subject=f"chat.in.{draw(st.sampled_from(['telegram', 'Zulip', 'sms-gw']))}",
               what="platform mismatch")


REPLAYS = st.builds(Replay, st.integers(0, 1000),
                    st.sampled_from(["same_id", "new_id", "older_revision", "newer_revision"]))

ANYTHING = st.one_of(person_writes(), person_writes(), person_writes(), group_command(), too_long(), NOT_JSON, WRONG_SHAPE,
                     wrong_types(), other_platform_in_body(), REPLAYS)
