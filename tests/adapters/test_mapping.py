"""The pure translations: Matrix reply fallbacks and edits, Telegram's long texts, and the
position file's atomic save."""

from __future__ import annotations

from adapters.matrix.inbound import after_own_join
from adapters.matrix.mapping import reply_content, strip_mention, strip_reply_fallback, to_chat_in
from adapters.position import Position
from adapters.telegram.mapping import chunks

ROOM, ME = "!room:localhost", "@bot:localhost"


def event(content: dict, **extra) -> dict:
    return {"type": "m.room.message", "event_id": "$e2", "sender": "@alice:localhost",
            "origin_server_ts": 1_650_000_000_123, "content": content, **extra}


def test_a_reply_loses_its_quoted_fallback_and_keeps_what_it_answers():
    body = "> <@bob:localhost> order 2 rice\n> more\n\nyes please"
    message = to_chat_in(ROOM, event({"msgtype": "m.text", "body": body,
                                      "m.relates_to": {"m.in_reply_to": {"event_id": "$e1"}}}),
                         me=ME, direct=False, names={})
    assert (message.text, message.reply_to, message.revision) == ("yes please", "$e1", 0)
    assert strip_reply_fallback("plain") == "plain"


def test_an_edit_is_the_original_message_at_a_higher_revision():
    message = to_chat_in(ROOM, event({"msgtype": "m.text", "body": "* order 3",
                                      "m.new_content": {"msgtype": "m.text", "body": "order 3"},
                                      "m.relates_to": {"rel_type": "m.replace", "event_id": "$e1"}}),
                         me=ME, direct=True, names={"@alice:localhost": "Alice"})
    assert (message.message_id, message.revision, message.text) == ("$e1", 1_650_000_000_123, "order 3")
    assert (message.chat_type, message.sender_name) == ("direct", "Alice")


def test_notices_own_messages_and_other_events_are_skipped():
    assert to_chat_in(ROOM, event({"msgtype": "m.notice", "body": "bot"}), me=ME, direct=False, names={}) is None
    assert to_chat_in(ROOM, event({"msgtype": "m.text", "body": "x"}, sender=ME), me=ME, direct=False, names={}) is None
    assert to_chat_in(ROOM, event({}, type="m.reaction"), me=ME, direct=False, names={}) is None


def test_a_leading_mention_of_the_bot_is_dropped_and_nobody_elses():
    names = ("@lastmile:localhost", "lastmile", "Lastmile Bot")
    assert strip_mention("lastmile: /status GB3", names) == "/status GB3"
    assert strip_mention("Lastmile Bot：接龙 GB1 2", names) == "接龙 GB1 2"
    assert strip_mention("@lastmile:localhost: /help", names) == "/help"
    assert strip_mention("lastmiles are long", names) == "lastmiles are long"
    assert strip_mention("alice: /status GB3", names) == "alice: /status GB3"
    assert strip_mention("lastmile:", names) == "lastmile:"
    pill = {"msgtype": "m.text", "body": "楼栋小助手: /status GB3", "format": "org.matrix.custom.html",
            "formatted_body": f'<a href="https://matrix.to/#/{ME}">楼栋小助手</a>: /status GB3'}
    assert to_chat_in(ROOM, event(pill), me=ME, direct=False, names={}).text == "/status GB3"
    someone = {**pill, "formatted_body": pill["formatted_body"].replace(ME, "@alice:localhost")}
    assert to_chat_in(ROOM, event(someone), me=ME, direct=False, names={}).text == "楼栋小助手: /status GB3"


def test_a_thread_message_is_no_reply_and_an_answer_stays_in_its_thread():
    content = {"msgtype": "m.text", "body": "/status", "m.relates_to": {
        "rel_type": "m.thread", "event_id": "$root", "is_falling_back": True, "m.in_reply_to": {"event_id": "$last"}}}
    assert to_chat_in(ROOM, event(content), me=ME, direct=False, names={}).reply_to is None
    assert reply_content("ok", "$e2", "$root")["m.relates_to"] == {
        "rel_type": "m.thread", "event_id": "$root", "is_falling_back": False, "m.in_reply_to": {"event_id": "$e2"}}
    assert reply_content("ok", "$e2")["m.relates_to"] == {"m.in_reply_to": {"event_id": "$e2"}}


def test_history_before_the_bots_own_join_is_cut_but_not_at_a_profile_change():
    join = {"type": "m.room.member", "state_key": ME, "content": {"membership": "join"}}
    rename = {**join, "unsigned": {"prev_content": {"membership": "join"}}}
    old, new = event({"body": "old"}, event_id="$old"), event({"body": "new"}, event_id="$new")
    assert after_own_join([old, join, new], ME) == [new]
    assert after_own_join([old, rename, new], ME) == [old, rename, new]


def test_long_telegram_texts_split_at_line_ends_and_lose_nothing():
    text = "\n".join(f"line {i}" for i in range(2000))
    parts = chunks(text)
    assert "".join(parts) == text and all(len(p) <= 4096 for p in parts) and len(parts) > 1
    assert all(p.endswith("\n") for p in parts[:-1])
    assert chunks("x" * 5000) == ["x" * 4096, "x" * 904]


def test_the_position_is_replaced_whole(tmp_path):
    position = Position(tmp_path / "adapters" / "x.position")
    assert position.load() is None
    position.save("s1_2_3")
    position.save("s4_5_6")
    assert position.load() == "s4_5_6" and [p.name for p in position.path.parent.iterdir()] == ["x.position"]


def test_a_text_longer_than_the_envelope_allows_is_cut_and_flagged():
    from shared.contracts.chat import MAX_TEXT

    long = to_chat_in(ROOM, event({"msgtype": "m.text", "body": "字" * (MAX_TEXT + 1)}), me=ME, direct=True, names={})
    exact = to_chat_in(ROOM, event({"msgtype": "m.text", "body": "字" * MAX_TEXT}), me=ME, direct=True, names={})
    assert (len(long.text), long.truncated) == (MAX_TEXT, True)
    assert (len(exact.text), exact.truncated) == (MAX_TEXT, False)


async def test_a_gap_is_paged_back_only_as_far_as_the_bots_own_join():
    from types import SimpleNamespace

    from adapters.matrix.client import MatrixClient
    from adapters.matrix.inbound import own_join

    join = {"type": "m.room.member", "state_key": ME, "content": {"membership": "join"}, "event_id": "$join"}
    pages = {"t3": ([event({}, event_id="$e5"), event({}, event_id="$e4")], "t2"),
             "t2": ([join, event({}, event_id="$old1")], "t1"),
             "t1": ([event({}, event_id="$old0")], "t0")}
    asked = []

    async def request(method, path, query_params):
        asked.append(query_params["from"])
        chunk, end = pages[query_params["from"]]
        return {"chunk": chunk, "end": end}

    client = MatrixClient.__new__(MatrixClient)
    client.api = SimpleNamespace(api=SimpleNamespace(request=request))
    found = await client.page_back("!r:localhost", "t3", "t0", lambda e: own_join(e, ME))
    assert asked == ["t3", "t2"]  # not on into the room's history
    assert after_own_join(found, ME) == pages["t3"][0][::-1]
