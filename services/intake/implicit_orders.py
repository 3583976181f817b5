"""Orders written without a command word (`+1`, `3-502 青菜2`, a copied 接龙 list) and the
copied list's old lines.

In a group such a message is an order only from someone who may order; from anyone else it
was chatter and stays quiet. A failed attempt at one (or one from someone not bound yet) is
answered, in a group once per person per window, so nobody believes they ordered when they
did not and a stream of typos is not a stream of replies.
"""

from __future__ import annotations

from datetime import timedelta

from shared.contracts.chat import ChatIn

from .domain.permissions import role_for
from .domain.usage import bind_word, usage
from .order_memory import may_answer, new_lines
from .parsing import Malformed, Parsed, ParseResult
from .replies import Replier


def _answer_now(replier: Replier, message: ChatIn, window: timedelta) -> bool:
    return message.chat_type != "group" or may_answer(
        replier.tx.conn, message.platform, message.sender_id, now=replier.tx.now, window=window)


def screen(replier: Replier, message: ChatIn, result: ParseResult, window: timedelta) -> ParseResult | None:
    """What an implicit order becomes: the order, or None when it is answered (or quiet) here."""
    person, lang = replier.person, replier.language
    if person is None:
        if _answer_now(replier, message, window):
            replier.reject("not_bound", command="order", hint=bind_word(lang))
        return None
    if message.chat_type == "group" and role_for(person.roles or (person.role,), "order", {}, person.home) is None:
        return None
    if isinstance(result, Malformed):
        if _answer_now(replier, message, window):
            replier.reject("order_unreadable", detail=result.detail or None, usage=usage("order", lang))
        return None
    return result


def only_new_lines(replier: Replier, message: ChatIn, result: Parsed) -> Parsed | None:
    """A copied list orders the lines its chat has not seen before; None when there are none."""
    fresh = new_lines(replier.tx.conn, message.platform, message.chat_id, result.line_keys, now=replier.tx.now)
    if not fresh:
        return None
    lines = result.fields["lines"]
    return Parsed(result.command, {**result.fields, "lines": [lines[i] for i in fresh]}, implicit=result.implicit)
