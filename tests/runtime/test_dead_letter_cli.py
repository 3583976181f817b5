"""`lastmile dlq list` shows a dead letter; `lastmile dlq replay` sends it again."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.support import probe
from tests.support.waiting import eventually, stream_messages
from tests.support.probe import counts, publish, request


def lastmile(*args: str, nats_url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lastmile", *args], capture_output=True, text=True,
                          env={"LASTMILE_NATS_URL": nats_url, "PATH": "/usr/bin:/bin"}, timeout=60)


async def test_list_then_replay_after_the_fix(js, running_probe, nats_url):
    await publish(js, request("poison", fail=True))
    await eventually(lambda: stream_messages(js, "LM_DLQ_PROBE"), what="dead letter")

    listed = lastmile("dlq", "list", "--service", "probe", "--json", nats_url=nats_url)
    assert listed.returncode == 0, listed.stderr
    letters = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(letters) == 1
    assert letters[0]["subject"] == "lm.test.probeclient.probe.requested"
    assert "probe was asked to fail on poison" in letters[0]["error"]

    probe.FAILURES["always"] = False  # the bug is fixed
    replayed = lastmile("dlq", "replay", f"probe:{letters[0]['seq']}", nats_url=nats_url)
    assert replayed.returncode == 0, replayed.stderr
    counted = await eventually(lambda: stream_messages(js, "LM_PROBE"), what="replayed message handled")
    assert json.loads(counted[0].data)["data"]["label"] == "poison"
    assert counts(running_probe) == 1
    after = lastmile("dlq", "list", "--service", "probe", "--json", nats_url=nats_url)
    assert after.stdout.strip() == ""


def test_replay_with_a_malformed_id_is_a_clear_error(nats_url):
    result = lastmile("dlq", "replay", "nonsense", nats_url=nats_url)
    assert result.returncode == 2
    assert "expected SERVICE:SEQ" in result.stdout + result.stderr


async def test_list_pages_filters_and_counts_every_dead_letter(js, running_probe, nats_url):
    """More letters than a page: each page says how many there are and where the next starts."""
    for n in range(7):
        await publish(js, request(f"poison-{n}", fail=True))

    async def all_parked():
        return len(await stream_messages(js, "LM_DLQ_PROBE")) == 7

    await eventually(all_parked, what="seven dead letters")
    first = lastmile("dlq", "list", "--service", "probe", "--json", "--limit", "3", nats_url=nats_url)
    seqs = [json.loads(line)["seq"] for line in first.stdout.splitlines()]
    assert len(seqs) == 3 and f"3 shown of 7 dead letter(s); more after probe:{seqs[-1]}" in first.stderr
    rest = lastmile("dlq", "list", "--service", "probe", "--json", "--after", str(seqs[-1]), nats_url=nats_url)
    later = [json.loads(line)["seq"] for line in rest.stdout.splitlines()]
    assert len(later) == 4 and min(later) > seqs[-1] and "no more" in rest.stderr
    none = lastmile("dlq", "list", "--service", "probe", "--error", "no such error", nats_url=nats_url)
    assert "0 shown of 7 dead letter(s); no more" in none.stdout
    table = lastmile("dlq", "list", "--service", "probe", "--subject", "lm.*.probeclient.*", nats_url=nats_url)
    assert "7 shown of 7" in table.stdout
