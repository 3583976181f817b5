"""The one handler behind every routing-table entry: say what the route says, to whom it
says, and count the event for the bulletin."""

from __future__ import annotations

from typing import Any

from shared.contracts.envelope import Envelope
from shared.runtime.tx import Tx

from ..db import counts, waiting
from ..domain import figures
from ..domain.days import STANDING, bulletin_day
from ..routes.model import Route
from .context import Notify
from .sending import send


def payload_params(ctx: Notify, route: Route, payload: Any, source: str, tx: Tx | None = None,
                   envelope: Envelope | None = None):
    """A payload's fields for its template, with the refusal reason in words when there is one."""
    base = payload.model_dump()
    base.update(route.extra(payload))
    if route.lookup is not None and tx is not None and envelope is not None:
        base.update(route.lookup(tx.conn, payload, envelope.correlation_id))

    def params(language: str) -> dict[str, Any]:
        found = dict(base)
        if isinstance(found.get("reason"), str):
            found["reason_text"] = ctx.texts.reason(language, source, found["reason"], found.get("params") or {})
        return found

    return params


def handle(ctx: Notify, route: Route, tx: Tx, payload: Any, envelope: Envelope) -> None:
    ctx.ensure_bulletin_timer(tx)
    if route.ends is not None:
        waiting.settle_lasting(tx.conn, route.ends(payload), tx.now)
    params = payload_params(ctx, route, payload, envelope.source, tx, envelope)
    language = getattr(payload, "language", None) or ctx.settings.notify_default_language
    lasts = route.lasts(payload) if route.lasts is not None else None
    for index, item in enumerate(route.says):
        if item.when is not None and not item.when(payload):
            continue
        found = item.to(tx.conn, payload) if getattr(item.to, "reads_store", False) else item.to(payload)
        if isinstance(found, list):  # several targets, each with its own facts and key
            for n, target in enumerate(found):
                send(ctx, tx, template=item.template, target=target, params=with_facts(params, target.facts),
                     key=f"{envelope.id}:{index}.{n}", fallback_language=language, lasts=lasts)
        elif found is not None:
            send(ctx, tx, template=item.template, target=found, params=with_facts(params, found.facts),
                 key=f"{envelope.id}:{index}", fallback_language=language, lasts=lasts)
    count(ctx, tx, route.counts(payload))
    if route.tally is not None:
        count(ctx, tx, route.tally(tx.conn, payload))


def with_facts(params, facts: dict[str, Any]):
    return (lambda language: {**params(language), **facts}) if facts else params


def count(ctx: Notify, tx: Tx, deltas: dict[str, int]) -> None:
    if not deltas:
        return
    day = bulletin_day(tx.now, ctx.tz, ctx.settings.bulletin_hour)
    for name, delta in deltas.items():
        counts.add(tx.conn, STANDING if name in figures.STANDING else day, name, delta)
