"""Watching what holding publishes, as it is stored in its stream (an ordered consumer),
so duplicates JetStream dropped are not seen and big runs need no re-reading."""

from __future__ import annotations

from collections import defaultdict

from shared.contracts.envelope import Envelope
from shared.contracts.streams import events_stream
from tests.support.waiting import eventually


class EventTap:
    def __init__(self) -> None:
        self.by_type: dict[str, list[Envelope]] = defaultdict(list)
        self._sub = None

    async def start(self, js, service: str = "holding") -> "EventTap":
        stream = events_stream(service)

        async def received(msg):
            envelope = Envelope.model_validate_json(msg.data)
            self.by_type[envelope.type].append(envelope)

        self._sub = await js.subscribe(stream.subjects[0], stream=stream.name, ordered_consumer=True, cb=received)
        return self

    async def stop(self) -> None:
        if self._sub:
            await self._sub.unsubscribe()

    def data(self, event_type: str) -> list[dict]:
        return [e.data for e in self.by_type[event_type]]

    async def wait_for(self, event_type: str, count: int, timeout: float = 10.0) -> list[dict]:
        async def enough():
            return len(self.by_type[event_type]) >= count

        await eventually(enough, timeout=timeout, what=f"{count} {event_type}")
        return self.data(event_type)
