"""Arguments of the commands anyone uses: help, bind, status, and naming a proxy."""

from __future__ import annotations

from typing import Any

from . import tokens
from .context import ParseContext
from .results import ArgError
from .words import CHINESE, SLASH


def _only(rest: str, most: int) -> list[str]:
    parts = rest.split()
    if len(parts) > most:
        raise ArgError("too_many_arguments", " ".join(parts[most:]))
    return parts


def help_(rest: str, ctx: ParseContext) -> dict[str, Any]:
    """`/help order`, `帮助 接龙`: an unknown topic gets the general help."""
    parts = rest.split()
    if not parts:
        return {"topic": None}
    word = parts[0].lstrip("/").lower()
    return {"topic": SLASH.get(word) or CHINESE.get(parts[0])}


def bind(rest: str, ctx: ParseContext) -> dict[str, Any]:
    parts = _only(rest, 1)
    if not parts:
        raise ArgError("missing_code")
    return {"code": parts[0]}


def status(rest: str, ctx: ParseContext) -> dict[str, Any]:
    parts = _only(rest, 1)
    return {"target": tokens.ref(parts[0]) if parts else None}


def proxy(rest: str, ctx: ParseContext) -> dict[str, Any]:
    """`代取 R12`, `代取 3-502`, `代取 张伟`, `代取 3-502 张伟`: whom intake's directory
    resolves (`proxy.py`) into the person id the intent carries."""
    parts = rest.split()
    if not parts:
        raise ArgError("missing_id")
    if len(parts) == 1 and tokens.REF.match(parts[0].upper()):
        return {"proxy_person_id": tokens.ref(parts[0], ("R",))}
    home = None
    if tokens.BUILDING_ROOM.match(parts[0].upper()):
        home, parts = tokens.building_room(parts[0]), parts[1:]
    name = " ".join(parts)
    if len(name) > 64:
        raise ArgError("too_long", name[:64])
    return {"proxy_home": home, "proxy_name": name or None}
