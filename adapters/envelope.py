"""What every adapter does with NATS: publish what people wrote, bind to what to send,
and report delivery. Nothing here knows what a message means."""

from __future__ import annotations

from nats.js import JetStreamContext
from nats.js.api import PubAck

from shared.contracts import streams, subjects
from shared.contracts.chat import ChatIn, ChatReceipt
from shared.runtime.provision import ConsumerSettings, ensure_consumer, wait_for_stream


async def publish_in(js: JetStreamContext, message: ChatIn) -> PubAck:
    """Wait for JetStream's ack: only then may the adapter tell its platform "got it"."""
    return await js.publish(subjects.chat_in(message.platform), message.model_dump_json().encode(),
                            headers={"Nats-Msg-Id": message.dedupe_key})


async def publish_receipt(js: JetStreamContext, platform: str, receipt: ChatReceipt) -> None:
    await js.publish(subjects.chat_receipt(platform), receipt.model_dump_json().encode(),
                     headers={"Nats-Msg-Id": f"receipt:{platform}:{receipt.message_id}:{receipt.status}"})


def outgoing_durable(platform: str) -> str:
    return f"adapter-{platform}"


async def provision_outgoing(js: JetStreamContext, platform: str, *, ack_wait: float, timeout: float = 30.0) -> str:
    """The durable consumer on `chat.out.<platform>` (one per platform: adapters of the same
    platform share the work, and nothing is missed while they are down); returns its name."""
    durable = outgoing_durable(platform)
    await wait_for_stream(js, streams.CHAT_OUT, timeout=timeout)
    await ensure_consumer(js, streams.CHAT_OUT, ConsumerSettings(
        durable=durable, filter_subjects=(subjects.chat_out(platform),), ack_wait=ack_wait))
    return durable


async def bind_outgoing(js: JetStreamContext, platform: str, *, ack_wait: float, timeout: float = 30.0):
    """A pull subscription on that consumer, for a caller that fetches itself (the webhook's
    `GET /outbox`); the delivery loops use `Outgoing`, which keeps a pull request open."""
    durable = await provision_outgoing(js, platform, ack_wait=ack_wait, timeout=timeout)
    return await js.pull_subscribe_bind(durable=durable, stream=streams.CHAT_OUT.name)


async def disconnect(nc) -> None:
    """Flush what was published, then close. Not `drain()`: nats-py 2.16's drain joins each
    subscription's queue, and a pull subscription holding messages fetched for a loop that
    was just cancelled never empties, so a SIGTERM waited out the 30-s drain timeout (seen in
    the chaos tests). Nothing is lost by closing: what was not acked comes back after ack_wait."""
    try:
        await nc.flush(timeout=5)
    except Exception:  # NATS already away: nothing left to flush to it
        pass
    await nc.close()
