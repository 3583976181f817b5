"""Folding what people type into what the parser reads, without losing what they wrote.

The parser reads a folded copy: full-width forms half-width (`ＧＢ１` → `GB1`, `３份` → `3份`),
traditional characters simplified (`接龍` → `接龙`, `雞蛋` → `鸡蛋`), control characters gone.
Text that is passed on (an announcement, a bulletin line) is cut from the original at the
same place, so the committee's `，` and `！` reach the residents as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _simplifier():
    import opencc  # only a message with Chinese characters needs it (5 MB of dictionaries)

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional → simplified, character for character where a phrase would change length."""
    if not CJK.search(text):
        return text
    convert = _simplifier().convert
    whole = convert(text)
    return whole if len(whole) == len(text) else "".join(convert(ch) for ch in text)


@dataclass(frozen=True)
class Folded:
    """The folded text, and where each of its characters came from in the original."""

    text: str
    original: str
    starts: tuple[int, ...]  # starts[i]: index in `original` of folded character i

    def verbatim(self, tail: str) -> str:
        """The original text of `tail`, a suffix of the folded text (as an argument parser
        cut it); `tail` itself when it is not one."""
        tail = tail.strip()
        if not tail or not self.text.endswith(tail):
            return tail
        return self.original[self.starts[len(self.text) - len(tail)]:].strip()


def fold(text: str) -> Folded:
    """NFKC per character (so positions map back), control characters dropped, simplified."""
    pieces, starts = [], []
    for index, ch in enumerate(text):
        if CONTROL.match(ch):
            continue
        folded = unicodedata.normalize("NFKC", ch)
        pieces.append(folded)
        starts.extend([index] * len(folded))
    joined = "".join(pieces)
    simple = simplified(joined)
    joined = simple if len(simple) == len(joined) else joined
    lead = len(joined) - len(joined.lstrip())
    stripped = joined.strip()
    return Folded(stripped, text, tuple(starts[lead:lead + len(stripped)]))
