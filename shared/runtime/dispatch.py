"""Building a consumer of other services' events from a routing table.

    event_consumer("vetting-intents", source="intake", community=settings.community,
                   routes={OrderRequested: on_order, GroupBuyCloseRequested: on_close})

One durable consumer per source stream, filtered to exactly the routed event types.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from shared.contracts import streams
from shared.contracts.registry import Payload, spec_of
from shared.contracts.subjects import event_subject

from .consumer import ConsumerSpec
from .incoming import Incoming, decode_event
from .tx import Tx

EventHandler = Callable[[Tx, Any], None]


def event_consumer(name: str, *, source: str, community: str,
                   routes: Mapping[type[Payload], Callable[..., None]], description: str = "") -> ConsumerSpec:
    """`routes` maps payload models of `source`'s events to `handler(tx, payload, envelope)`."""
    for model in routes:
        if spec_of(model).source != source:
            raise ValueError(f"{model.__name__} is not published by {source}")

    def handle(tx: Tx, incoming: Incoming[Payload]) -> None:
        handler = routes.get(type(incoming.payload))
        if handler is not None:
            handler(tx, incoming.payload, incoming.envelope)

    # a set: two versions of one event share its subject
    subjects = tuple(sorted({event_subject(community, source, spec_of(m).type) for m in routes}))
    return ConsumerSpec(name=name, stream=streams.events_stream(source), filter_subjects=subjects,
                        decode=decode_event, handle=handle, description=description)
