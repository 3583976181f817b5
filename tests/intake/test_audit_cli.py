"""`lastmile audit` prints what intake recorded, filtered by time and reason, as the
operator would run it (a separate process on intake's store)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import typer

from services.intake.audit_cli import parse_since
from tests.support.services import settings_env

SHANGHAI = ZoneInfo("Asia/Shanghai")


def lastmile(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lastmile", *args], capture_output=True, text=True,
                          env={**env, "PATH": "/usr/bin:/bin", "COLUMNS": "200"}, timeout=60)


def test_audit_lists_refusals_as_json_lines_and_as_a_table(make_harness):
    intake, codes = make_harness()
    intake.reply(f"/bind {codes['R1']}", "wang")
    intake.reply("/approve V3", "wang")
    intake.reply("/bind AAAA-BBBB-CCCC", "mallory")
    env = settings_env(intake.settings)

    listed = lastmile("audit", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    entries = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(e["sender_id"], e["person_id"], e["command"], e["reason"]) for e in entries] == [
        ("wang", "R1", "approve", "wrong_role"), ("mallory", None, "bind", "bad_code")]
    assert datetime.fromisoformat(entries[0]["at"]) == intake.clock.now()

    only = lastmile("audit", "--json", "--reason", "bad_code", env=env)
    assert [json.loads(line)["sender_id"] for line in only.stdout.splitlines()] == ["mallory"]
    table = lastmile("audit", env=env)
    assert "2 refused attempt(s)" in table.stdout and "wrong_role" in table.stdout
    future = (intake.clock.now() + timedelta(days=1)).isoformat()
    assert lastmile("audit", "--json", "--since", future, env=env).stdout.strip() == ""


def test_since_takes_a_duration_a_date_or_a_time():
    now = datetime(2022, 4, 10, 4, 0, tzinfo=timezone.utc)
    assert parse_since("2h", now=now, tz=SHANGHAI) == now - timedelta(hours=2)
    assert parse_since("7d", now=now, tz=SHANGHAI) == now - timedelta(days=7)
    assert parse_since("2022-04-10", now=now, tz=SHANGHAI) == datetime(2022, 4, 10, tzinfo=SHANGHAI)
    assert parse_since("2022-04-10T08:30", now=now, tz=SHANGHAI) == datetime(2022, 4, 10, 8, 30, tzinfo=SHANGHAI)
    with pytest.raises(typer.BadParameter):
        parse_since("yesterday", now=now, tz=SHANGHAI)
