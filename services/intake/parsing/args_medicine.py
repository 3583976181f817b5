"""Arguments of the medicine commands: requests, triage, runs, outcomes, substitutes, hand-off.

A request's fields are separated by commas (a Chinese `，` is folded into one first), so a
hospital or a drug may have spaces: `/med Ruijin, Amlodipine 5mg, 30 tablets, 3 days`.
"""

from __future__ import annotations

import re
from typing import Any

from . import tokens
from .context import ParseContext
from .results import ArgError

URGENCY_WORDS = {"critical": 1, "危急": 1, "危重": 1, "urgent": 2, "紧急": 2, "急": 2,
                 "soon": 3, "较急": 3, "routine": 4, "常规": 4, "普通": 4}
VULNERABLE_WORDS = {"vulnerable", "elderly", "pregnant", "child", "disabled", "老人", "孕妇",
                    "儿童", "行动不便", "重点人群", "特殊人群", "高龄"}
NOTE_PREFIX = re.compile(r"^(note|备注)\s*:?\s*", re.IGNORECASE)
DAYS = re.compile(r"^(\d{1,3})\s*(天|日|days|day|d)?$", re.IGNORECASE)
FIELD_SEPARATORS = re.compile(r"[,;、]")
REQUEST, RUN = ("MR",), ("HR",)
MAX_RUN_SIZE = 50


def days_left(token: str) -> int:
    match = DAYS.match(token.strip())
    if not match:
        raise ArgError("bad_days", token)
    return int(match.group(1))


def urgency_level(token: str) -> int:
    text = token.strip().lower().removeprefix("u")
    if text in URGENCY_WORDS:
        return URGENCY_WORDS[text]
    if text in {"1", "2", "3", "4"}:
        return int(text)
    raise ArgError("bad_urgency", token)


def _field(text: str, problem: str, limit: int) -> str:
    return tokens.free_text(text, problem=problem, limit=limit)


def _household(fields: list[str]) -> tuple[dict[str, str], list[str]]:
    """An optional leading `3-1201` (a building admin filing for a household of theirs),
    before the hospital (`3-1201 Ruijin, …`) or as a field of its own (`3-1201，瑞金，…`)."""
    first = fields[0].split(None, 1)
    if not first or not tokens.BUILDING_ROOM.match(first[0].upper()):
        return {}, fields
    if len(first) == 2:
        rest = [first[1], *fields[1:]]
    elif len(fields) >= 5:
        rest = fields[1:]
    else:
        return {}, fields
    building, room = tokens.building_room(first[0])
    return {"building": building, "room": room}, rest


def request(rest: str, ctx: ParseContext) -> dict[str, Any]:
    """`/med [3-1201] HOSPITAL, DRUG, DOSE, DAYS [, urgent|critical] [, vulnerable] [, note]`."""
    fields = [f.strip() for f in FIELD_SEPARATORS.split(rest)]
    if not any(fields):
        raise ArgError("missing_hospital")
    household, fields = _household(fields)
    for index, problem in enumerate(("missing_hospital", "missing_drug", "missing_dose", "missing_days")):
        if len(fields) <= index or not fields[index]:
            raise ArgError(problem)
    found: dict[str, Any] = {
        **household, "hospital": _field(fields[0], "missing_hospital", 64),
        "drug": _field(fields[1], "missing_drug", 200), "dose": _field(fields[2], "missing_dose", 200),
        "days_left": days_left(fields[3]),
    }
    notes = []
    for extra in (f for f in fields[4:] if f):
        word = extra.lower()
        if word in URGENCY_WORDS:
            found["urgency"] = URGENCY_WORDS[word]
        elif word in VULNERABLE_WORDS:
            found["vulnerable"] = True
        else:
            notes.append(NOTE_PREFIX.sub("", extra))
    note = ", ".join(n for n in notes if n)
    if len(note) > 500:
        raise ArgError("too_long", "500")
    found["note"] = note or None
    return found


def urgency(rest: str, ctx: ParseContext) -> dict[str, Any]:
    """`/urgency MR12 1 REASON`: the committee says why, always."""
    head, reason = tokens.split_head(rest, 2)
    if len(head) < 2:
        raise ArgError("missing_id" if not head else "missing_urgency")
    return {"request_ref": tokens.ref(head[0], REQUEST), "urgency": urgency_level(head[1]),
            "reason": tokens.free_text(reason, problem="missing_reason", limit=500)}


def run(rest: str, ctx: ParseContext) -> dict[str, Any]:
    """`/run HOSPITAL [N]`: the hospital may have spaces; a trailing number is the size."""
    parts = rest.split()
    size = None
    if len(parts) >= 2 and parts[-1].isascii() and parts[-1].isdigit():
        size = tokens.quantity(parts.pop(), minimum=1, maximum=MAX_RUN_SIZE)
    hospital = tokens.free_text(" ".join(parts), problem="missing_hospital", limit=64)
    return {"hospital": hospital, "size": size}


def _request_and_text(rest: str, problem: str | None, limit: int = 500) -> tuple[str, str | None]:
    head, text = tokens.split_head(rest, 1)
    if not head:
        raise ArgError("missing_id")
    ref = tokens.ref(head[0], REQUEST)
    if problem is None:
        if text:
            raise ArgError("too_many_arguments", text)
        return ref, None
    return ref, tokens.free_text(text, problem=problem, limit=limit)


def bought(rest: str, ctx: ParseContext) -> dict[str, Any]:
    ref, _ = _request_and_text(rest, None)
    return {"request_ref": ref, "outcome": "bought"}


def substitute(rest: str, ctx: ParseContext) -> dict[str, Any]:
    """`/substitute MR12 NAME [, the doctor's note]`."""
    ref, text = _request_and_text(rest, "missing_substitute", 700)
    name, _, note = text.partition(",")
    return {"request_ref": ref, "outcome": "substitute",
            "substitute": _field(name, "missing_substitute", 200), "reason": note.strip()[:500] or None}


def unavailable(rest: str, ctx: ParseContext) -> dict[str, Any]:
    ref, reason = _request_and_text(rest, "missing_reason")
    return {"request_ref": ref, "outcome": "unavailable", "reason": reason}


def accept(rest: str, ctx: ParseContext) -> dict[str, Any]:
    ref, _ = _request_and_text(rest, None)
    return {"request_ref": ref, "accept": True}


def decline(rest: str, ctx: ParseContext) -> dict[str, Any]:
    ref, _ = _request_and_text(rest, None)
    return {"request_ref": ref, "accept": False}


def handoff(rest: str, ctx: ParseContext) -> dict[str, Any]:
    parts = rest.split()
    if len(parts) != 1:
        raise ArgError("missing_id" if not parts else "too_many_arguments", rest.strip())
    return {"run_ref": tokens.ref(parts[0], RUN)}
