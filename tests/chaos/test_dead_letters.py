"""A message that fails forever, in the middle of a load: the others are all handled; it
ends as one dead letter, visible in the metrics; replayed before the fix it fails and is
parked again; replayed after the fix it is handled once. (`tests/runtime/test_dead_letter_cli.py`
covers the CLI's listing and a replay on its own.)"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from shared.runtime import dead_letters
from tests.support import probe
from tests.support.waiting import eventually

from . import report
from .conftest import SCALE
from .probe_load import (CONSUMER, MAX_ATTEMPTS, all_counted, metric, probe_running, row, rows_counted, send,
                         settings)
from .tally import read_stream

pytestmark = [pytest.mark.chaos, pytest.mark.slow]


def lastmile(nats_url: str, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "lastmile", *args], capture_output=True, text=True, timeout=60,
                            env={"LASTMILE_NATS_URL": nats_url, "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def letters(nats_url: str) -> list[dict]:
    listed = lastmile(nats_url, "dlq", "list", "--service", "probe", "--json").stdout
    return [json.loads(line) for line in listed.splitlines()]


async def test_fails_forever_then_dead_letter_metrics_and_replay_after_the_fix(js, nats_url, tmp_path):
    good = [f"ok-{i}" for i in range(SCALE.probe_messages)]
    async with probe_running(js, settings(nats_url, tmp_path)) as runtime:
        probe.FAILURES["always"] = True
        try:
            await send(js, good[: len(good) // 2])
            await send(js, ["poison"], fail=True)
            await send(js, good[len(good) // 2:])
            await all_counted(js, good)
            await eventually(lambda: read_stream(js, "LM_DLQ_PROBE"), what="the dead letter")
            assert metric(runtime, "lastmile_dead_letters_total", consumer=CONSUMER, reason="failed") == 1
            assert metric(runtime, "lastmile_retries_total", consumer=CONSUMER) == MAX_ATTEMPTS - 1
            [letter] = letters(nats_url)
            assert letter["attempts"] == MAX_ATTEMPTS and "asked to fail on poison" in letter["error"]

            await dead_letters.replay(js, "probe", letter["seq"])  # not fixed yet: parked again

            async def parked_again():
                return metric(runtime, "lastmile_dead_letters_total", consumer=CONSUMER, reason="failed") == 2

            await eventually(parked_again, what="the replay before the fix parked again")
            [again] = await dead_letters.list_dead_letters(js, "probe")

            probe.FAILURES["always"] = False  # the fix lands
            lastmile(nats_url, "dlq", "replay", f"probe:{again.seq}")
            counted = await all_counted(js, [*good, "poison"])
            assert await dead_letters.list_dead_letters(js, "probe") == []
            rows = rows_counted(runtime)
            handled = metric(runtime, "lastmile_messages_handled_total", consumer=CONSUMER)
            dead = metric(runtime, "lastmile_dead_letters_total", consumer=CONSUMER, reason="failed")
        finally:
            probe.FAILURES["always"] = True
    report.record(row("a message that fails forever → dead letter, replayed after the fix", [*good, "poison"],
                      counted, rows, f"{dead:.0f} dead letters (1 before, 1 replayed too early), then handled"))
    assert counted.count("poison") == 1 and sorted(counted) == sorted([*good, "poison"])
    assert rows == len(good) + 1 and handled == len(good) + 1
