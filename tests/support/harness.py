"""A service's handlers and timers driven directly on its real store, without NATS: for
fast property tests of what the store and the domain guarantee together.

Messages go through the service's own routing table (its consumers' `handle`), each in
one transaction like the runtime's; timers fire through the runtime's `TimerRunner`.
`restart()` drops the engine and opens the store again, as a new process would.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from shared.contracts.envelope import Envelope, make_envelope
from shared.contracts.registry import Payload, spec_of
from shared.runtime.clock import FixedClock
from shared.runtime.incoming import Incoming
from shared.runtime.metrics import RuntimeMetrics
from shared.runtime.service import ServiceDefinition
from shared.runtime.store import Store
from shared.runtime.tables import outbox
from shared.runtime.timers import TimerRunner
from shared.runtime.tx import Tx


class StoreHarness:
    def __init__(self, definition: ServiceDefinition, url: str, clock: FixedClock, *,
                 schema: str | None = None, community: str = "test"):
        self.definition = definition
        self.url = url
        self.schema = schema or definition.name
        self.clock = clock
        self.community = community
        self.store = self._open()

    def _open(self) -> Store:
        store = Store(self.url, schema=self.schema, metadata=self.definition.metadata,
                      migrations=self.definition.migrations)
        store.migrate()
        return store

    def restart(self) -> None:
        self.store.close()
        self.store = self._open()

    def close(self) -> None:
        self.store.close()

    def deliver(self, payload: Payload) -> Envelope:
        """Handle one upstream event as the service's consumer would, in one transaction."""
        spec = spec_of(payload)
        envelope = make_envelope(type=spec.type, source=spec.source, community=self.community,
                                 data=payload.model_dump(mode="json"), time=self.clock.now())
        subject = spec.subject(self.community)
        consumer = next(c for c in self.definition.consumers if subject in c.filter_subjects)

        def handle(conn):
            tx = Tx(conn=conn, now=self.clock.now(), source=self.definition.name,
                    community=self.community, cause=envelope)
            consumer.handle(tx, Incoming(key=envelope.id, subject=subject, payload=payload, envelope=envelope))
            tx.flush()

        self.store.run_sync(handle)
        return envelope

    def fire_timers(self) -> int:
        """Fire every timer due at the clock's time; how many fired."""
        runner = TimerRunner(self.store, self.clock, self.definition.timers, service=self.definition.name,
                             community=self.community, metrics=RuntimeMetrics(self.definition.name),
                             interval=1.0, on_commit=lambda: None)
        fired = 0
        while batch := self.store.run_sync(runner.fire_due):
            fired += batch
        return fired

    def events(self, event_type: str | None = None) -> list[Envelope]:
        """What the service emitted so far (its outbox), in order."""
        rows = self.store.run_sync(lambda c: c.execute(select(outbox.c.payload).order_by(outbox.c.seq)).all())
        found = [Envelope.model_validate(json.loads(row.payload)) for row in rows]
        return [e for e in found if event_type is None or e.type == event_type]

    def at(self, moment: datetime) -> None:
        self.clock.set(moment)
