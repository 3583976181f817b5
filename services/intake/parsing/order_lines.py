"""One order line as people write it in a building group (already folded: half-width,
simplified): a quantity before or after the item, with or without a unit, the item by name or
by its number in the buy's list, an optional room first (for whom), `+1`.

    青菜2 · 青菜 2份 · 2份青菜 · 2 青菜 · 鸡蛋x2 · 两份青菜 · 2号 3份 · 3-502 青菜2 · +1 · 青菜+2

Which item a name means is vetting's to decide (it knows the buy's items): the line carries
the name as typed.
"""

from __future__ import annotations

import re
from typing import Any

from . import tokens
from .results import ArgError

UNITS = r"(?:份|个|斤|箱|袋|盒|件|瓶|包|只|把|颗|桶|提|罐|套|kg|pcs|pc|portions?|boxes|box|bags?|packs?)"
NUMERALS = {"一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
            "九": 9, "十": 10}
# A Chinese numeral counts only with its unit (两份): 五花肉 is pork belly, not 5 × 花肉.
QTY = rf"(?:(?P<qty>\d{{1,5}})\s*{UNITS}?|(?P<cn>[一二两俩三四五六七八九十])\s*{UNITS})"
TIMES = r"[x×*]"
ROOM = re.compile(r"^(?P<b>[0-9A-Z]{1,4})(?:号楼|栋|幢|[-/#])(?P<r>[0-9A-Z]{1,6})(?:室|号)?(?=$|\s|[^0-9A-Z])",
                  re.IGNORECASE)
LIST_NUMBER = re.compile(r"^(\d{1,3})\s*[.、):：]\s*")
PLUS_LAST = re.compile(r"\+\s*\d{1,3}$")
VERBS = re.compile(r"^(?:我要|要|买|订|来)")

FORMS = [  # tried in order; the first that fits reads the line
    re.compile(rf"^\+\s*{QTY}\s*(?P<item>.*)$", re.IGNORECASE),                    # +1, +2 青菜
    re.compile(rf"^(?P<item>.*?)\s*\+\s*{QTY}$", re.IGNORECASE),                   # 青菜+1
    re.compile(rf"^(?P<num>\d{{1,3}})\s*号\s*(?:{TIMES}\s*)?{QTY}$", re.IGNORECASE),  # 2号 3份
    # a quantity first stands apart (2 青菜, 2份青菜, 1 Rice 5kg); 5L 金龙鱼油 2 is a name first
    re.compile(rf"^(?:{TIMES}\s*)?{QTY}(?=$|\s|[^\x00-\x7f]|{TIMES})\s*(?:{TIMES}\s*)?(?P<item>.*)$",
               re.IGNORECASE),
    re.compile(rf"^(?P<item>.*?\S)\s*(?:{TIMES}\s*)?{QTY}$", re.IGNORECASE),        # 青菜2, 鸡蛋 x2
]


def without_list_number(line: str) -> tuple[bool, str]:
    """`12. 3-502 青菜2` → (True, `3-502 青菜2`): a line of a copied 接龙 list."""
    match = LIST_NUMBER.match(line)
    return (True, line[match.end():]) if match else (False, line)


def room_first(line: str) -> tuple[tuple[str, str] | None, str]:
    """A room written before the item (`3-502 青菜2`): for whom the line is."""
    match = ROOM.match(line)
    if not match:
        return None, line
    return (match.group("b").upper(), match.group("r").upper()), line[match.end():].strip(" :：,")


def _qty(text: str) -> int:
    return NUMERALS[text] if text in NUMERALS else tokens.quantity(text)


def _item(text: str) -> str | None:
    """The name as typed, without a leading 要/买 or the × between name and quantity."""
    name = VERBS.sub("", text.strip(" :：,、x×*")).strip()
    if name and not any(ch.isalpha() for ch in name):
        raise ArgError("bad_quantity", text)
    return name[:128] or None


def read_line(line: str) -> dict[str, Any]:
    """One line → {qty, item, number, building, room}; `ArgError` when it is none."""
    room, rest = room_first(line.strip())
    rest = " ".join(rest.split())
    if not rest:
        raise ArgError("missing_quantity", line.strip())
    for form in FORMS:
        match = form.match(rest)
        if not match:
            continue
        found = match.groupdict()
        try:
            item = _item(found.get("item") or "")
        except ArgError:
            continue
        number = int(found["num"]) if found.get("num") else None
        return {"qty": _qty(found["qty"] or found["cn"]), "item": item, "number": number,
                "building": room[0] if room else None, "room": room[1] if room else None}
    raise ArgError("bad_quantity" if re.search(r"\d|-", rest) else "missing_quantity", rest)


def looks_like_order(line: str) -> bool:
    """A line that is an order or a failed attempt at one: a room first, or a `+` (`+1`, `青菜+1`)."""
    line = without_list_number(line.strip())[1]
    return line.startswith("+") or PLUS_LAST.search(line) is not None or room_first(line)[0] is not None
