"""Matrix events ↔ the chat envelope. Pure functions: no network, no state.

- an `m.room.message` (text or emote) → a `ChatIn`, `message_id` = its event id;
- an edit (`m.relates_to.rel_type = m.replace`) → the same `message_id` as the original, with
  `revision` = the edit's `origin_server_ts` (milliseconds): later edits are higher, and a
  replayed edit keeps its revision, so the dedupe key drops it;
- notices (`m.notice`) are skipped: by Matrix convention bots never answer them (no loops);
- the bot's own messages and other event types are skipped;
- a leading mention of the bot (`lastmile: /status GB3`, as Element's mention pill writes the
  display name into the body) is dropped, so the command behind it is a command.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from urllib.parse import unquote

from shared.contracts.chat import ChatIn, text_fields

PLATFORM = "matrix"
TEXT_TYPES = ("m.text", "m.emote")
PILL = re.compile(r'^\s*<a href="https://matrix\.to/#/([^"?]+)[^"]*">([^<]*)</a>')


def strip_reply_fallback(body: str) -> str:
    """Drop the `> <@user> quoted…` lines old clients put before a reply's own text."""
    lines = body.split("\n")
    if not lines or not lines[0].startswith("> "):
        return body
    while lines and lines[0].startswith(">"):
        lines.pop(0)
    if lines and lines[0] == "":
        lines.pop(0)
    return "\n".join(lines)


def strip_mention(body: str, mentions: tuple[str, ...]) -> str:
    """`lastmile: /status GB3` → `/status GB3` when `lastmile` is one of the bot's names."""
    for name in sorted(mentions, key=len, reverse=True):
        if name and body[:len(name)].casefold() == name.casefold():
            rest = body[len(name):]
            if rest[:1] in (":", "：", ",", "，") or (rest[:1].isspace() and rest.strip()):
                return rest.lstrip(":：,， \t") or body
    return body


def pill_of(content: dict, me: str) -> tuple[str, ...]:
    """The text of a leading mention pill of the bot in the formatted body (whatever name the
    client wrote for it), so the same text can be dropped from the plain body."""
    formatted = content.get("formatted_body")
    found = PILL.match(formatted) if isinstance(formatted, str) else None
    return (html.unescape(found.group(2)),) if found and unquote(found.group(1)) == me else ()


def to_chat_in(room_id: str, event: dict, *, me: str, direct: bool, names: dict[str, str],
               mentions: tuple[str, ...] = ()) -> ChatIn | None:
    if event.get("type") != "m.room.message" or event.get("sender") == me or "event_id" not in event:
        return None
    content = event.get("content") or {}
    relation = content.get("m.relates_to") or {}
    if relation.get("rel_type") == "m.replace" and relation.get("event_id"):
        message_id, revision = relation["event_id"], int(event["origin_server_ts"])
        shown = content.get("m.new_content") or {}
        reply_to = None  # an edit changes the text; what it replied to stays the original's
    else:
        message_id, revision, shown = event["event_id"], 0, content
        # A thread's message carries its thread's last event as a fallback reply: not a reply.
        falling_back = relation.get("rel_type") == "m.thread" and relation.get("is_falling_back")
        reply_to = None if falling_back else (relation.get("m.in_reply_to") or {}).get("event_id")
    body = shown.get("body")
    if shown.get("msgtype") not in TEXT_TYPES or not isinstance(body, str):
        return None
    if reply_to:
        body = strip_reply_fallback(body)
    body = strip_mention(body, mentions + pill_of(shown, me))
    sender = event["sender"]
    return ChatIn(
        platform=PLATFORM, chat_id=room_id, chat_type="direct" if direct else "group",
        sender_id=sender, sender_name=(names.get(sender) or "")[:256] or None, message_id=message_id, revision=revision,
        **text_fields(body), sent_at=datetime.fromtimestamp(event["origin_server_ts"] / 1000, timezone.utc),
        reply_to=reply_to,
    )


def reply_content(text: str, reply_to: str | None, thread_root: str | None = None) -> dict:
    """An `m.text` message, a reply (`m.in_reply_to`) when it answers one, kept in the
    answered message's thread when it was written in one (`m.thread`)."""
    content: dict = {"msgtype": "m.text", "body": text}
    if reply_to and thread_root:
        content["m.relates_to"] = {"rel_type": "m.thread", "event_id": thread_root, "is_falling_back": False,
                                   "m.in_reply_to": {"event_id": reply_to}}
    elif reply_to:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": reply_to}}
    return content


def thread_of(event: dict) -> str | None:
    """The thread root an event was written in, if any."""
    relation = (event.get("content") or {}).get("m.relates_to")
    if isinstance(relation, dict) and relation.get("rel_type") == "m.thread":
        root = relation.get("event_id")
        return root if isinstance(root, str) else None
    return None
