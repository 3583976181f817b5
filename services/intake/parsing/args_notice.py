"""Arguments of the committee's notices: announcements, group chats, bulletin lines.

Their text is passed on as the committee wrote it (`ctx.verbatim`): its `，` stays a `，`."""

from __future__ import annotations

from typing import Any

from . import tokens
from .context import ParseContext
from .results import ArgError

ADD_WORDS = {"add", "添加"}


def announce(rest: str, ctx: ParseContext) -> dict[str, Any]:
    """`/announce all|BUILDING TEXT`; the text keeps its lines."""
    head, text = tokens.split_head(rest, 1)
    if not head:
        raise ArgError("missing_audience")
    return {"audience": tokens.audience(head[0]), "text": tokens.free_text(ctx.verbatim(text))}


def groupchat(rest: str, ctx: ParseContext) -> dict[str, Any]:
    parts = rest.split()
    if len(parts) != 1:
        raise ArgError("missing_audience" if not parts else "too_many_arguments", rest.strip()[:50])
    return {"audience": tokens.audience(parts[0])}


def bulletin(rest: str, ctx: ParseContext) -> dict[str, Any]:
    """`/bulletin add TEXT`; `add` may be left out (the Chinese 补充通报 already says it)."""
    head, text = tokens.split_head(rest, 1)
    if head and head[0].lower() in ADD_WORDS:
        rest = text
    return {"text": tokens.free_text(ctx.verbatim(rest), limit=1000)}
