"""Chat text → commands: pure functions, no database, no NATS."""

from .context import ParseContext
from .parse import parse_message
from .results import Malformed, NotACommand, Parsed, ParseResult, UnknownCommand
from .words import COMMANDS

__all__ = ["COMMANDS", "Malformed", "NotACommand", "ParseContext", "ParseResult", "Parsed",
           "UnknownCommand", "parse_message"]
