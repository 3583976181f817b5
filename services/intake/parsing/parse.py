"""`parse_message(text, ctx)`: chat text → NotACommand | UnknownCommand | Parsed | Malformed.

Pure and total: whatever a person types, it returns a value and never raises.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable

from . import args_gate, args_groupbuy, args_medicine, args_notice, args_order, args_people
from .context import ParseContext
from .folding import fold
from .results import ArgError, Malformed, NotACommand, Parsed, ParseResult, UnknownCommand
from .words import CHINESE, CHINESE_BY_LENGTH, SLASH

ArgParser = Callable[[str, ParseContext], "dict[str, Any] | list[dict[str, Any]]"]  # a list: several

ARGUMENTS: dict[str, ArgParser] = {
    "help": args_people.help_, "bind": args_people.bind, "status": args_people.status,
    "proxy": args_people.proxy,
    "vendor": args_groupbuy.vendor, "groupbuy": args_groupbuy.groupbuy,
    "approve": args_groupbuy.approve, "reject": args_groupbuy.reject,
    "order": args_order.order, "cancel": args_groupbuy.cancel, "close": args_groupbuy.close,
    "arrive": args_gate.arrive, "disinfect": args_gate.disinfect, "zone": args_gate.zone,
    "extend": args_gate.extend, "racked": args_gate.racked, "picked": args_gate.picked,
    "announce": args_notice.announce, "groupchat": args_notice.groupchat,
    "bulletin": args_notice.bulletin,
    "med": args_medicine.request, "urgency": args_medicine.urgency, "run": args_medicine.run,
    "bought": args_medicine.bought, "substitute": args_medicine.substitute,
    "unavailable": args_medicine.unavailable, "accept": args_medicine.accept,
    "decline": args_medicine.decline, "handoff": args_medicine.handoff,
}

SLASH_HEAD = re.compile(r"^/([^\s@]*)(?:@\S*)?")
WORD_END = re.compile(r"^($|[\s:]|[!-~])")


def normalize(text: str) -> str:
    """The folded text the parser reads (`folding.fold`): half-width, simplified, no
    control characters, so none reaches a reply, a store or a log."""
    return fold(text).text


def split_command(text: str) -> tuple[str | None, str, str]:
    """(command name or None, the word as typed, the rest of the text)."""
    slash = SLASH_HEAD.match(text)
    if slash:
        word = slash.group(1)
        return SLASH.get(word.lower()), "/" + word, text[slash.end():]
    for word in CHINESE_BY_LENGTH:
        if text.startswith(word) and WORD_END.match(text[len(word):]):
            return CHINESE[word], word, text[len(word):].lstrip(":").lstrip()
    return None, "", text


def parse_message(text: str, ctx: ParseContext) -> ParseResult:
    folded = fold(text)
    ctx = replace(ctx, verbatim=folded.verbatim)
    command, word, rest = split_command(folded.text)
    if command is None:
        if word:
            return UnknownCommand(word[:64])
        return args_order.implicit(folded.text) or NotACommand()
    try:
        fields = ARGUMENTS[command](rest, ctx)
    except ArgError as exc:
        return Malformed(command, exc.problem, exc.detail)
    if isinstance(fields, list):  # several ids, one intent each
        return Parsed(command, fields[0], more=tuple(fields[1:]))
    return Parsed(command, fields, line_keys=fields.pop("_line_keys", ()))
