"""Fixtures for holding's flow tests: its settings on the session's NATS and store, and
a way to wait until holding has read everything published on a stream."""

from __future__ import annotations

import pytest

from services.holding.settings import HoldingSettings
from tests.support.waiting import eventually


@pytest.fixture
def holding_settings(settings_for):
    def make(**overrides) -> HoldingSettings:
        return HoldingSettings(**{**settings_for().model_dump(), **overrides})

    return make


async def drained(js, stream: str, durable: str) -> None:
    """Wait until the durable consumer has handled and acked all its stream holds."""

    async def done():
        info = await js.consumer_info(stream, durable)
        return info.num_pending == 0 and info.num_ack_pending == 0

    await eventually(done, what=f"{durable} to catch up on {stream}")
