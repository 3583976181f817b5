"""`parse_message(text, ctx)`: chat text → NotACommand | UnknownCommand | Parsed | Malformed.

Pure and total: whatever a person types, it returns a value and never raises.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Callable

from . import args_gate, args_groupbuy, args_medicine, args_notice, args_people
from .context import ParseContext
from .results import ArgError, Malformed, NotACommand, Parsed, ParseResult, UnknownCommand
from .words import CHINESE, CHINESE_BY_LENGTH, SLASH

ArgParser = Callable[[str, ParseContext], dict[str, Any]]

ARGUMENTS: dict[str, ArgParser] = {
    "help": args_people.help_, "bind": args_people.bind, "status": args_people.status,
    "proxy": args_people.proxy,
    "vendor": args_groupbuy.vendor, "groupbuy": args_groupbuy.groupbuy,
    "approve": args_groupbuy.approve, "reject": args_groupbuy.reject,
    "order": args_groupbuy.order, "cancel": args_groupbuy.cancel, "close": args_groupbuy.close,
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


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalize(text: str) -> str:
    """NFKC folds full-width forms (／，：１２) into the ASCII a parser expects; control
    characters other than tab and line ends mean nothing in a chat and are dropped, so
    none reaches a reply, a store or a log."""
    return CONTROL.sub("", unicodedata.normalize("NFKC", text)).strip()


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
    text = normalize(text)
    command, word, rest = split_command(text)
    if command is None:
        return UnknownCommand(word[:64]) if word else NotACommand()
    try:
        return Parsed(command, ARGUMENTS[command](rest, ctx))
    except ArgError as exc:
        return Malformed(command, exc.problem, exc.detail)
