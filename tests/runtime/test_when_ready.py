"""Start-up waits for a JetStream that is not ready yet (a cluster electing its leaders),
and gives up with one line naming what it waited for."""

from __future__ import annotations

import pytest
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.errors import ServiceUnavailableError

from shared.runtime.errors import StartupError
from shared.runtime.provision import when_ready


async def test_not_ready_is_waited_for():
    answers = [ServiceUnavailableError(), NatsTimeoutError(), "done"]

    async def attempt():
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert await when_ready("stream LM_TEST", attempt, timeout=30) == "done"
    assert answers == []


async def test_never_ready_is_one_clear_line():
    async def attempt():
        raise ServiceUnavailableError()

    with pytest.raises(StartupError, match="JetStream did not answer for stream LM_TEST within 0.1s"):
        await when_ready("stream LM_TEST", attempt, timeout=0.1)


async def test_other_errors_are_not_waited_out():
    async def attempt():
        raise ValueError("a bad stream config")

    with pytest.raises(ValueError):
        await when_ready("stream LM_TEST", attempt, timeout=30)
