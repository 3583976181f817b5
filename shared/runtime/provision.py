"""Streams and durable consumers, provisioned explicitly at start-up.

A stream is created and updated only by its owner; others wait for it. A consumer's
settings are pushed to the server on every start (create-or-update), because nats-py
binding to an existing durable consumer would silently keep the old settings.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StorageType, StreamConfig
from nats.errors import NoRespondersError
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.errors import NotFoundError, ServerError, ServiceUnavailableError

from shared.contracts.streams import StreamSpec

from .errors import StartupError


# What a JetStream cluster answers while it elects a leader or a peer is restarting: it
# passes by itself, so start-up waits for it instead of dying with a traceback.
NOT_READY = (NatsTimeoutError, asyncio.TimeoutError, NoRespondersError, ServiceUnavailableError, ServerError)


async def when_ready(what: str, attempt, timeout: float):
    """`await attempt()`, again while JetStream is not ready, for up to `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return await attempt()
        except NOT_READY as exc:
            if time.monotonic() > deadline:
                raise StartupError(f"JetStream did not answer for {what} within {timeout:g}s "
                                   f"({type(exc).__name__}: {exc}); is the NATS cluster up and in quorum?") from None
            await asyncio.sleep(0.5)


def stream_config(spec: StreamSpec, replicas: int = 1) -> StreamConfig:
    return StreamConfig(
        name=spec.name,
        subjects=list(spec.subjects),
        storage=StorageType.FILE,
        num_replicas=replicas,
        duplicate_window=spec.duplicate_window.total_seconds(),
        max_age=spec.max_age.total_seconds(),
    )


async def ensure_stream(js: JetStreamContext, spec: StreamSpec, replicas: int = 1) -> None:
    config = stream_config(spec, replicas)
    try:
        await js.stream_info(spec.name)
    except NotFoundError:
        await js.add_stream(config)
        return
    await js.update_stream(config)


async def wait_for_stream(js: JetStreamContext, spec: StreamSpec, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            await js.stream_info(spec.name)
            return
        except NotFoundError:
            if time.monotonic() > deadline:
                raise StartupError(
                    f"stream {spec.name} does not exist: start its owner ({spec.owner}) "
                    "or run `lastmile provision`"
                ) from None
            await asyncio.sleep(0.2)


@dataclass(frozen=True)
class ConsumerSettings:
    durable: str
    filter_subjects: tuple[str, ...]
    ack_wait: float
    max_ack_pending: int = 20_000


async def ensure_consumer(js: JetStreamContext, stream: StreamSpec, wanted: ConsumerSettings) -> None:
    # max_deliver is unlimited on the server: the runtime counts attempts itself and
    # dead-letters, because a message past max_deliver would just sit there unseen.
    config = ConsumerConfig(
        name=wanted.durable,
        durable_name=wanted.durable,
        ack_policy=AckPolicy.EXPLICIT,
        deliver_policy=DeliverPolicy.ALL,
        ack_wait=wanted.ack_wait,
        max_deliver=-1,
        max_ack_pending=wanted.max_ack_pending,
        filter_subjects=list(wanted.filter_subjects),
    )
    await js.add_consumer(stream.name, config)
