"""Small readers for what people type: ids, numbers, dates, times, buildings.

Each returns a clean value or raises `ArgError(problem, detail)`; none does anything else.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from .results import ArgError

REF = re.compile(r"^#?([A-Z]{1,3})0*(\d{1,9})$")
BUILDING = re.compile(r"^[0-9A-Z]{1,8}$")
BUILDING_SUFFIX = re.compile(r"(号楼|号|栋|幢|楼)$")
BUILDING_ROOM = re.compile(r"^([0-9A-Z]{1,8})(?:(?:号楼|栋|幢)[-/#]?|[-/#])([0-9A-Z]{1,8})室?$")
UNIT = re.compile(r"(份|个|箱|袋|斤|盒|件|瓶|包|boxes|box|pcs)$", re.IGNORECASE)
ALL_WORDS = {"all", "everyone", "全体", "全部", "所有", "所有人"}


def split_head(text: str, count: int) -> tuple[list[str], str]:
    """The first `count` whitespace-separated tokens and the untouched rest."""
    parts = text.strip().split(None, count)
    if len(parts) <= count:
        return parts, ""
    return parts[:count], parts[count].strip()


def ref(token: str, prefixes: tuple[str, ...] = ()) -> str:
    """`gb012` → `GB12`; only the given prefixes when some are given."""
    match = REF.match(token.upper())
    if not match or (prefixes and match.group(1) not in prefixes):
        raise ArgError("bad_id", token)
    return f"{match.group(1)}{int(match.group(2))}"


def building(token: str) -> str:
    value = BUILDING_SUFFIX.sub("", token.strip()).upper()
    if not BUILDING.match(value):
        raise ArgError("bad_building", token)
    return value


def audience(token: str) -> str:
    """`all` (全体, 所有…) or a building."""
    return "all" if token.lower() in ALL_WORDS else building(token)


def building_room(token: str) -> tuple[str, str]:
    """`3-1201`, `3/1201`, `3号楼1201` → ("3", "1201")."""
    match = BUILDING_ROOM.match(token.strip().upper())
    if not match:
        raise ArgError("bad_room", token)
    return match.group(1), match.group(2)


def quantity(token: str, *, minimum: int = 0, maximum: int = 9999) -> int:
    digits = UNIT.sub("", token)
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 5) or not minimum <= int(digits) <= maximum:
        raise ArgError("bad_quantity", token)
    return int(digits)


def hours(token: str) -> float:
    text = re.sub(r"(小时|个小时|hours|hour|hrs|h)$", "", token, flags=re.IGNORECASE)
    try:
        value = float(text) if re.fullmatch(r"\d{1,3}(\.\d{1,2})?", text) else -1.0
    except ValueError:
        value = -1.0
    if not 0 < value <= 72:
        raise ArgError("bad_hours", token)
    return value


def price(token: str) -> Decimal:
    text = token.strip().lstrip("¥$").removesuffix("元")
    if not re.fullmatch(r"\d{1,6}(\.\d{1,2})?", text):
        raise ArgError("bad_price", token)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ArgError("bad_price", token) from None
    if value <= 0:
        raise ArgError("bad_price", token)
    return value


DAY = re.compile(r"(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})[日号]?)")


def day(token: str) -> date:
    """`2027-06-30`, `2027/6/30`, `2027.6.30`, `2027年6月30日` (as licences are printed)."""
    match = DAY.fullmatch(token)
    if not match:
        raise ArgError("bad_date", token)
    try:
        return date(*(int(g) for g in match.groups() if g is not None))
    except ValueError:
        raise ArgError("bad_date", token) from None


def free_text(text: str, *, problem: str = "missing_text", limit: int = 4000) -> str:
    value = text.strip()
    if not value:
        raise ArgError(problem)
    if len(value) > limit:
        raise ArgError("too_long", str(limit))
    return value
