"""Arguments of the group-buy commands: vendors, proposals, decisions, orders."""

from __future__ import annotations

from typing import Any

from . import tokens
from .context import ParseContext
from .deadline import clock_time, next_deadline
from .results import ArgError

LICENCE_WORDS = {"licence": "business", "license": "business", "business": "business",
                 "营业执照": "business", "执照": "business",
                 "food": "food", "食品": "food", "食品许可": "food", "食品经营许可证": "food"}
GUARANTEED_WORDS = {"guaranteed", "保供", "保供企业"}
UNTIL_WORDS = {"until", "till", "by", "截止", "截止到", "到", "至"}
MIN_WORDS = {"min", "最少", "起订", "起"}


def _lines(rest: str) -> tuple[str, list[str]]:
    head, _, body = rest.partition("\n")
    return head.strip(), [line.strip() for line in body.splitlines() if line.strip()]


def vendor(rest: str, ctx: ParseContext) -> dict[str, Any]:
    """`/vendor NAME` then `licence NO YYYY-MM-DD`, `food NO YYYY-MM-DD`, `guaranteed`."""
    name, lines = _lines(rest)
    name = tokens.free_text(name, problem="missing_name", limit=128)
    licences, guaranteed = [], False
    for line in lines:
        parts = line.replace(":", " ", 1).split()  # `food: JY2 …` and `食品：JY2 …` alike
        keyword = parts[0].lower()
        if keyword in GUARANTEED_WORDS and len(parts) == 1:
            guaranteed = True
        elif keyword in LICENCE_WORDS and len(parts) == 3:
            licences.append({"kind": LICENCE_WORDS[keyword], "number": parts[1][:64],
                             "expires_on": tokens.day(parts[2])})
        else:
            raise ArgError("bad_line", line)
    return {"name": name, "licences": licences, "guaranteed": guaranteed}


def _item(line: str) -> dict[str, Any]:
    """`ITEM CATEGORY PRICE [min N]`, read from the right so an item name may have spaces."""
    parts = line.split()
    min_qty = None
    if len(parts) >= 2 and parts[-2].lower() in MIN_WORDS:
        min_qty = tokens.quantity(parts[-1], minimum=1)
        parts = parts[:-2]
    if len(parts) < 3:
        raise ArgError("bad_line", line)
    name, name_en = _names(" ".join(parts[:-2]))
    return {"name": name[:128], "name_en": name_en, "category": parts[-2][:64],
            "price": tokens.price(parts[-1]), "min_qty": min_qty}


def _names(text: str) -> tuple[str, str | None]:
    """`青菜/greens vegetables` → the Chinese name and the English one residents may read and type."""
    chinese, slash, english = text.partition("/")
    if slash and chinese.strip() and not chinese.isascii() and english.strip()[:1].isascii() \
            and english.strip()[:1].isalpha():
        return chinese.strip(), english.strip()[:128]
    return text, None


def groupbuy(rest: str, ctx: ParseContext) -> dict[str, Any]:
    """`/groupbuy V3 until 18:00` then one line per item."""
    head, lines = _lines(rest)
    parts = [p for p in head.split() if p.lower() not in UNTIL_WORDS]
    if not parts:
        raise ArgError("missing_id")
    vendor_ref = tokens.ref(parts[0], ("V",))
    if len(parts) != 2:
        raise ArgError("missing_time" if len(parts) < 2 else "too_many_arguments", head)
    deadline = next_deadline(clock_time(parts[1].removesuffix("截止")), now=ctx.now, tz=ctx.tz)
    if not lines:
        raise ArgError("missing_items")
    return {"vendor_ref": vendor_ref, "deadline": deadline, "items": [_item(line) for line in lines]}


def approve(rest: str, ctx: ParseContext) -> dict[str, Any]:
    parts = rest.split()
    if len(parts) != 1:
        raise ArgError("missing_id" if not parts else "too_many_arguments", rest.strip())
    return {"target": tokens.ref(parts[0], ("V", "GB")), "decision": "approve"}


def reject(rest: str, ctx: ParseContext) -> dict[str, Any]:
    head, reason = tokens.split_head(rest, 1)
    if not head:
        raise ArgError("missing_id")
    return {"target": tokens.ref(head[0], ("V", "GB")), "decision": "reject",
            "reason": tokens.free_text(ctx.verbatim(reason), problem="missing_reason", limit=500)}


def _one_groupbuy(rest: str) -> dict[str, Any]:
    parts = rest.split()
    if len(parts) != 1:
        raise ArgError("missing_id" if not parts else "too_many_arguments", rest.strip())
    return {"groupbuy_ref": tokens.ref(parts[0], ("GB",))}


def cancel(rest: str, ctx: ParseContext) -> dict[str, Any]:
    return _one_groupbuy(rest)


def close(rest: str, ctx: ParseContext) -> dict[str, Any]:
    return _one_groupbuy(rest)
