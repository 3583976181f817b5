"""The Telegram adapter's pure parts: which commands are lastmile's, a leading mention, the
chat map that keeps an upgraded group's first id (across a restart), and forum topics."""

from __future__ import annotations

from datetime import datetime, timezone

from telegram import Bot, Update

from adapters.telegram.chats import Chats, telegram_message
from adapters.telegram.mapping import for_another_bot, to_chat_in, without_mention

ME = "lastmile_bot"
BOT = Bot("1:x")


def update(message: dict, update_id: int = 7) -> Update:
    base = {"message_id": 5, "date": int(datetime(2026, 12, 7, tzinfo=timezone.utc).timestamp()),
            "from": {"id": 501, "is_bot": False, "first_name": "Ann"}, "text": "hi"}
    return Update.de_json({"update_id": update_id, "message": {**base, **message}}, BOT)


def test_only_commands_for_this_bot_or_for_no_bot_are_lastmiles():
    assert for_another_bot("/status@other_bot P3", ME)
    assert not for_another_bot("/status@LASTMILE_BOT P3", ME) and not for_another_bot("/status P3", ME)
    assert not for_another_bot("接龙 GB1 2 @other_bot", ME)
    assert without_mention("@LastMile_Bot：接龙 GB1 2", ME) == "接龙 GB1 2"
    assert without_mention("接龙 GB1 2", ME) == "接龙 GB1 2"


def test_an_upgraded_group_keeps_its_first_id_across_a_restart(tmp_path):
    chats = Chats(tmp_path / "chats.json")
    assert chats.moved(-5, -1005) and not chats.moved(-5, -1005)  # news once
    again = Chats(tmp_path / "chats.json")  # the adapter started again
    assert again.lastmile_chat(-1005, None) == "-5" and again.telegram_chat("-5") == ("-1005", None)
    assert again.lastmile_message(-1005, 1) == "-1005:1" and again.lastmile_message(-7, 1) == "1"
    assert telegram_message("-1005:1") == 1 and telegram_message("57") == 57


def test_a_forum_topic_is_a_chat_and_its_first_message_is_no_reply(tmp_path):
    chats = Chats(tmp_path / "chats.json")
    chat = {"id": -1003, "type": "supergroup", "title": "论坛", "is_forum": True}
    started = to_chat_in(update({"chat": chat, "message_thread_id": 9, "is_topic_message": True,
                                 "reply_to_message": {"message_id": 9, "date": 0, "chat": chat}}),
                         username=ME, chats=chats)
    assert (started.chat_id, started.reply_to) == ("-1003/9", None)
    answering = to_chat_in(update({"chat": chat, "message_thread_id": 9, "is_topic_message": True,
                                   "reply_to_message": {"message_id": 12, "date": 0, "chat": chat}}),
                           username=ME, chats=chats)
    assert answering.reply_to == "12"
    assert chats.telegram_chat("-1003/9") == ("-1003", 9)
    threaded = to_chat_in(update({"chat": {"id": -1004, "type": "supergroup", "title": "g"},
                                  "message_thread_id": 3}), username=ME, chats=chats)
    assert threaded.chat_id == "-1004"  # a reply thread in a plain group is not a topic
