"""Messages for the load: envelopes of an order's size, published as fast as JetStream acks."""

from __future__ import annotations

from datetime import datetime, timezone

from nats.js import JetStreamContext

from shared.contracts.envelope import make_envelope
from shared.contracts.subjects import event_subject

from .events import CLIENT


def requests(count: int, community: str) -> list[tuple[str, bytes]]:
    """(msg id, body) pairs: one order-sized envelope per household, ~400 bytes each."""
    now = datetime.now(timezone.utc)
    out = []
    for i in range(count):
        envelope = make_envelope(type="bench.requested", source=CLIENT, community=community, time=now,
                                 data={"household": f"{i % 40 + 1}-{i % 800 + 101}", "qty": i % 5 + 1,
                                       "note": "蔬菜包 vegetables box"})
        out.append((envelope.id, envelope.model_dump_json().encode()))
    return out


def subject(community: str) -> str:
    return event_subject(community, CLIENT, "bench.requested")


async def publish_all(js: JetStreamContext, subject: str, messages: list[tuple[str, bytes]]) -> None:
    for msg_id, body in messages:
        await js.publish_async(subject, body, headers={"Nats-Msg-Id": msg_id})
    await js.publish_async_completed()
