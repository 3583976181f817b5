"""The probe service, running in the test's process, for runtime tests."""

from __future__ import annotations

import pytest

from shared.contracts.streams import events_stream
from shared.runtime.provision import ensure_stream
from shared.runtime.service import ServiceRuntime
from tests.support import probe

@pytest.fixture
async def running_probe(js, settings_for):
    await ensure_stream(js, events_stream("probeclient"))
    runtime = ServiceRuntime(probe.definition(), settings_for())
    await runtime.start()
    probe.FAILURES["always"] = True
    yield runtime
    await runtime.stop()
