"""What the parser makes of a chat message: one of four plain values, never an exception."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NotACommand:
    """Ordinary chat text (no leading `/`, no command word): ignored in groups."""


@dataclass(frozen=True)
class UnknownCommand:
    """Looks like a command (`/foo`) but is none of ours."""

    word: str


@dataclass(frozen=True)
class Parsed:
    """A known command with its arguments, as the intent's fields (without actor and chat).
    `implicit`: an order written without a command word (`+1`, `3-502 青菜2`); `line_keys`:
    the lines of a copied 接龙 list, for intake to keep only those its chat has not seen."""

    command: str
    fields: dict[str, Any] = field(default_factory=dict)
    line_keys: tuple[str, ...] = ()
    implicit: bool = False
    more: tuple[dict[str, Any], ...] = ()  # `消杀 M1 M2 M3`: the same command for M2 and M3

    @property
    def each(self) -> tuple[dict[str, Any], ...]:
        """The fields of every intent this message asks for, in the order written."""
        return (self.fields, *self.more)


@dataclass(frozen=True)
class Malformed:
    """A known command whose arguments do not fit: `problem` is a code, `detail` the bad part."""

    command: str
    problem: str
    detail: str = ""
    implicit: bool = False


ParseResult = NotACommand | UnknownCommand | Parsed | Malformed


class ArgError(ValueError):
    """Raised by argument parsers only; `parse_message` turns it into `Malformed`."""

    def __init__(self, problem: str, detail: str = ""):
        super().__init__(problem, detail)
        self.problem = problem
        self.detail = detail[:200]
