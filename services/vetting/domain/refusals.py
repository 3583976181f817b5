"""A refusal is a reason code and its parameters: notify renders it in zh or en."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Refusal:
    reason: str
    params: dict[str, str] = field(default_factory=dict)


def refuse(reason: str, **params: object) -> Refusal:
    return Refusal(reason, {k: str(v) for k, v in params.items()})
