"""Handling a pulled batch: inbox, effect and outbox in one transaction, then acks.

The fast path commits a whole batch at once. If anything in it fails, the batch is rolled
back and each message is tried alone, so one bad message never holds the others back: the
failing one is handed back with a delay, and after its last attempt it is dead-lettered.
A store that is away (locked, full, restarting) is nobody's fault: the whole batch is handed
back with a delay, as often as it takes, and never dead-lettered (`store_errors.py`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Callable

from nats.aio.msg import Msg
from sqlalchemy import Connection, bindparam, insert, select

from shared.contracts.streams import StreamSpec

from .clock import Clock
from .dead_letters import one_line, park
from .incoming import Decoder, Incoming, InvalidMessage
from .metrics import RuntimeMetrics
from .relay import Relay
from .store import Store
from .store_errors import store_unavailable
from .tables import inbox
from .tx import AtEnd, OutgoingMessage, Tx

log = logging.getLogger("lastmile.consumer")

Handler = Callable[[Tx, Incoming[Any]], None]
# Built once: a statement built per batch spent more in SQLAlchemy's construction and cache
# key than in SQLite (a batch is often one message at a moderate rate).
_INSERT_INBOX = insert(inbox)
_SEEN = select(inbox.c.message_key).where(inbox.c.consumer == bindparam("consumer"),
                                          inbox.c.message_key.in_(bindparam("keys", expanding=True)))


@dataclass(frozen=True)
class ConsumerSpec:
    """One durable consumer: which stream, which subjects, how to decode and handle."""

    name: str
    stream: StreamSpec
    filter_subjects: tuple[str, ...]
    decode: Decoder
    handle: Handler
    description: str = ""


@dataclass
class RetryPolicy:
    max_attempts: int
    delays: list[float]

    def delay(self, attempt: int) -> float:
        return self.delays[min(attempt, len(self.delays)) - 1]


class BatchHandler:
    def __init__(self, spec: ConsumerSpec, *, service: str, community: str,
                 clock: Clock, metrics: RuntimeMetrics, retry: RetryPolicy, js_provider,
                 on_commit: Callable[[], None], heartbeat: float = 10.0):
        self.spec = spec
        self.service = service
        self.community = community
        self.store: Store | None = None  # the runtime opens it at start
        # With a relay, a batch's events are published at once (Relay.run_and_hand_over);
        # without one (a test's handler alone), `on_commit` is told.
        self.relay: Relay | None = None
        self.clock = clock
        self.metrics = metrics
        self.retry = retry
        self._js = js_provider
        self._on_commit = on_commit
        # A batch that takes longer than this tells JetStream it is still at work, so a short
        # ack_wait (what a killed process's messages wait out) never redelivers a live batch.
        self.heartbeat = heartbeat

    async def __call__(self, messages: list[Msg]) -> None:
        ready: list[tuple[Msg, Incoming[Any]]] = []
        for msg in messages:
            try:
                ready.append((msg, self.spec.decode(msg.subject, msg.data)))
            except InvalidMessage as exc:
                await self._dead_letter(msg, str(exc), reason="invalid")
        if not ready:
            return
        async with self._kept_alive([msg for msg, _ in ready]):
            await self._handle(ready)

    @asynccontextmanager
    async def _kept_alive(self, messages: list[Msg]):
        async def beat() -> None:
            while True:
                await asyncio.sleep(self.heartbeat)
                for msg in messages:
                    try:
                        await msg.in_progress()
                    except Exception:  # NATS away: at worst the batch comes back, and the inbox knows it
                        return

        task = asyncio.create_task(beat())
        try:
            yield
        finally:
            task.cancel()

    async def _handle(self, ready: list[tuple[Msg, Incoming[Any]]]) -> None:
        started = time.perf_counter()
        batch = [incoming for _, incoming in ready]
        try:
            if self.relay is not None:
                self._log(await self.relay.run_and_hand_over(self._commit, batch))
            else:
                self._log(await self.store.run(self._commit, batch))
                self._on_commit()
            done = [msg for msg, _ in ready]
        except Exception as exc:
            if store_unavailable(exc):  # not one message's fault: all of them wait alike
                await self._wait_for_store([msg for msg, _ in ready], exc)
                done = []
            else:
                done = await self._one_by_one(ready)
                self._on_commit()
        self.metrics.batch_seconds.labels(self.spec.name).observe(time.perf_counter() - started)
        for msg in done:
            await msg.ack()

    async def _one_by_one(self, ready: list[tuple[Msg, Incoming[Any]]]) -> list[Msg]:
        done = []
        for msg, incoming in ready:
            try:
                self._log(await self.store.run(self._commit, [incoming]))
                done.append(msg)
            except Exception as exc:
                await self._retry_or_park(msg, exc)
        return done

    def _log(self, outcomes: list[tuple[Incoming[Any], str]]) -> None:
        """One line per committed message: what, which conversation, what became of it;
        never its content (people's names, rooms and texts stay out of logs)."""
        if not log.isEnabledFor(logging.INFO):
            return
        for incoming, outcome in outcomes:
            envelope = incoming.envelope
            fields = {"service": self.service, "consumer": self.spec.name,
                      "type": envelope.type if envelope else incoming.subject,
                      "correlation_id": envelope.correlation_id if envelope else None, "outcome": outcome}
            log.info("handled %s", " ".join(f"{k}={v or '-'}" for k, v in fields.items()), extra={"fields": fields})

    def _commit(self, conn: Connection, batch: list[Incoming[Any]]) -> list[tuple[Incoming[Any], str]]:
        keys = list({i.key for i in batch})
        seen = set(conn.scalars(_SEEN, {"consumer": self.spec.name, "keys": keys}))
        now = self.clock.now()
        new_keys = []
        outcomes = []
        outgoing: list[OutgoingMessage] = []
        at_end: dict[str, AtEnd] = {}
        tx = None
        for incoming in batch:
            if incoming.key in seen:
                self.metrics.duplicates.labels(self.spec.name).inc()
                outcomes.append((incoming, "duplicate"))
                continue
            outcomes.append((incoming, "handled"))
            seen.add(incoming.key)
            new_keys.append({"consumer": self.spec.name, "message_key": incoming.key, "handled_at": now})
            tx = Tx(conn=conn, now=now, source=self.service, community=self.community,
                    cause=incoming.envelope, outgoing=outgoing, at_end_work=at_end)
            self.spec.handle(tx, incoming)
        if tx is not None:  # the batch's end-of-batch work, then its events into the outbox
            tx.flush()
        if new_keys:
            conn.execute(_INSERT_INBOX, new_keys)
        self.metrics.handled.labels(self.spec.name).inc(len(new_keys))
        return outcomes

    async def _retry_or_park(self, msg: Msg, exc: Exception) -> None:
        attempt = msg.metadata.num_delivered
        error = f"{type(exc).__name__}: {exc}"
        if store_unavailable(exc):
            await self._wait_for_store([msg], exc)
            return
        if attempt >= self.retry.max_attempts:
            log.error("%s: giving up on %s after %d attempts: %s", self.spec.name, msg.subject, attempt, error)
            await self._dead_letter(msg, error, reason="failed")
            return
        delay = self.retry.delay(attempt)
        log.warning("%s: attempt %d on %s failed (%s); retrying in %.1fs",
                    self.spec.name, attempt, msg.subject, error, delay)
        self.metrics.retries.labels(self.spec.name).inc()
        await msg.nak(delay=delay)

    async def _wait_for_store(self, messages: list[Msg], exc: Exception) -> None:
        """The store is locked, full or restarting: the messages are fine and wait for it,
        however many attempts that takes (a dead letter would need an operator)."""
        self.metrics.store_unavailable.labels(self.spec.name).inc()
        attempt = max(msg.metadata.num_delivered for msg in messages)
        delay = self.retry.delay(attempt)
        log.warning("%s: store unavailable for %d message(s) (attempt %d: %s); retrying in %.1fs",
                    self.spec.name, len(messages), attempt, one_line(f"{type(exc).__name__}: {exc}", 300), delay)
        for msg in messages:
            self.metrics.retries.labels(self.spec.name).inc()
            await msg.nak(delay=self.retry.delay(msg.metadata.num_delivered))

    async def _dead_letter(self, msg: Msg, error: str, *, reason: str) -> None:
        js = self._js()
        await park(js, service=self.service, consumer=self.spec.name, msg=msg, error=error,
                   max_payload=js._nc.max_payload)  # nats-py keeps the server's INFO on the client
        self.metrics.dead_letters.labels(self.spec.name, reason).inc()
        await msg.ack()
