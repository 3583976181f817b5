"""Orders as whole messages: `接龙 GB1 青菜 2份`, `接龙 2号 3份` (the buy left out), several
lines, a copied 接龙 list, and the forms that need no command word in a group (`3-502 青菜2`,
`+1`, `12. 3-502 青菜2`).

A copied list (two numbered lines or more) is the WeChat habit: a resident copies the list
and adds a line. Its lines that read as orders carry `line_keys`; intake keeps only those its
chat has not seen before. Lines of a list that are no order (the header, an example) are
skipped; outside a list every line must read.
"""

from __future__ import annotations

import re
from typing import Any

from .order_lines import looks_like_order, read_line, without_list_number
from .results import ArgError, Malformed, Parsed

BUY = re.compile(r"^#?(?P<ref>[A-Z]{1,3})0*(?P<n>\d{1,9})(?=$|\s|[^0-9A-Z])", re.IGNORECASE)
ORDER_WORD = re.compile(r"^#?\s*(接龙|借龙)\s*:?")
LIST_HEAD = re.compile(r"^#?\s*(接龙|借龙)")


def _buy(line: str) -> tuple[str | None, str]:
    """A leading buy id (`GB1`, `gb01`, `#GB1`): (GB1, the rest of the line)."""
    match = BUY.match(line)
    if not match:
        return None, line
    if match.group("ref").upper() != "GB":
        raise ArgError("bad_id", line.split()[0])
    return f"GB{int(match.group('n'))}", line[match.end():].strip()


def line_key(line: str) -> str:
    return " ".join(line.split())


def _fields(ref: str | None, lines: list[dict[str, Any]], keys: list[str], copied: bool) -> dict[str, Any]:
    return {"groupbuy_ref": ref, "lines": lines, "copied_list": copied, "_line_keys": tuple(keys) if copied else ()}


def _read_list(ref: str | None, bodies: list[str], *, need_room: bool) -> dict[str, Any] | None:
    """The lines of a copied list that read as orders (with a room first, outside a command)."""
    lines, keys = [], []
    for body in bodies:
        body = without_list_number(body)[1]
        if ref is None and (found := _buy_or_none(body)):
            ref = found
        if need_room and not looks_like_order(body):
            continue
        try:
            lines.append(read_line(body))
        except ArgError:
            continue
        keys.append(line_key(body))
    return _fields(ref, lines, keys, True) if lines else None


def _buy_or_none(line: str) -> str | None:
    try:
        return _buy(ORDER_WORD.sub("", line).strip())[0]
    except ArgError:
        return None


def _is_list(bodies: list[str]) -> bool:
    return sum(1 for body in bodies if without_list_number(body)[0]) >= 2


def order(rest: str, ctx: Any = None) -> dict[str, Any]:
    """`/order [GB12] LINE` and lines after it; a copied list after the command word."""
    lines = [line.strip() for line in rest.splitlines() if line.strip()]
    ref, first = _buy(lines[0]) if lines else (None, "")
    bodies = ([first] if first else []) + lines[1:]
    if not bodies:
        raise ArgError("missing_quantity")
    if _is_list(bodies):
        found = _read_list(ref, bodies, need_room=False)
        if found is None:
            raise ArgError("missing_quantity", bodies[0])
        return found
    return _fields(ref, [read_line(without_list_number(body)[1]) for body in bodies[:50]], [], False)


def implicit(text: str) -> Parsed | Malformed | None:
    """An order without a command word (`3-502 青菜2`, `+1`, a copied list), a failed attempt
    at one (`implicit` Malformed), or None: chatter."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    candidates = [line for line in lines if looks_like_order(line)]
    if not candidates:
        return None
    ref = next((found for line in lines[:1] if LIST_HEAD.match(line) and (found := _buy_or_none(line))), None)
    try:
        if _is_list(lines):
            found = _read_list(ref, lines, need_room=True)
            if found is None:
                raise ArgError("unreadable_order", candidates[0])
            keys = found.pop("_line_keys")
            return Parsed("order", found, line_keys=keys, implicit=True)
        read = [read_line(without_list_number(line)[1]) for line in candidates[:50]]
    except ArgError as exc:
        return Malformed("order", "unreadable_order", exc.detail or candidates[0], implicit=True)
    found = _fields(ref, read, [], False)
    found.pop("_line_keys")
    return Parsed("order", found, implicit=True)
