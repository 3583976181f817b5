"""`lastmile up` on an accelerated clock: a second run on the same data resumes the time,
never goes back to the real time the first run started from."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from shared.runtime.operator import operator_now
from shared.runtime.run_clock import RunClock, record, resume, time_of
from lastmile.runner import UpSettings, plan
from shared.runtime.settings import load_settings

T0 = datetime(2026, 4, 10, 2, 0, tzinfo=timezone.utc)


def test_a_first_run_starts_at_the_real_time(tmp_path):
    assert resume(tmp_path, speed=600, origin=None, start=None, now=T0) == RunClock(T0, None, 600)


def test_after_a_clean_stop_the_next_run_resumes_where_time_stood(tmp_path):
    first = resume(tmp_path, speed=600, origin=None, start=None, now=T0)
    record(tmp_path, first)
    stopped = first.at(T0 + timedelta(minutes=2))  # two real minutes: 20 hours of the compound's
    record(tmp_path, first, stopped=stopped)
    later = T0 + timedelta(minutes=30)
    second = resume(tmp_path, speed=600, origin=None, start=None, now=later)
    assert stopped == T0 + timedelta(hours=20)
    assert (second.origin, second.start) == (later, stopped)
    assert second.at(later + timedelta(seconds=1)) == stopped + timedelta(minutes=10)


def test_after_a_kill_the_next_run_resumes_where_the_clock_would_be(tmp_path):
    first = resume(tmp_path, speed=600, origin=None, start=None, now=T0)
    record(tmp_path, first)  # killed: no stop was recorded
    later = T0 + timedelta(minutes=1)
    assert resume(tmp_path, speed=600, origin=None, start=None, now=later).start == T0 + timedelta(hours=10)


def test_a_clock_behind_the_real_time_gives_way_to_it(tmp_path):
    record(tmp_path, RunClock(T0, None, 1.0), stopped=T0 + timedelta(minutes=5))
    assert resume(tmp_path, speed=1.0, origin=None, start=None, now=T0 + timedelta(hours=1)).start is None


def test_explicit_settings_win_and_an_unreadable_record_is_ignored(tmp_path):
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "clock.json").write_text("{not json")
    assert resume(tmp_path, speed=600, origin=None, start=None, now=T0).start is None
    start = T0 + timedelta(days=3)
    assert resume(tmp_path, speed=600, origin=None, start=start, now=T0) == RunClock(T0, start, 600)


def test_every_service_is_given_the_resumed_clock(tmp_path, monkeypatch):
    for key in [k for k in __import__("os").environ if k.startswith("LASTMILE_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("LASTMILE_DATA_DIR", str(tmp_path))
    clock = RunClock(T0, T0 + timedelta(hours=20), 600)
    programs, _, _ = plan(load_settings(UpSettings, clock_speed=600), clock)
    services = [p for p in programs if p.command[-1].startswith("services.")]
    assert services and all(p.env["LASTMILE_CLOCK_START"] == clock.start.isoformat() for p in services)
    assert all(p.env["LASTMILE_CLOCK_ORIGIN"] == T0.isoformat() for p in services)


def test_commands_beside_a_run_see_its_time(tmp_path, monkeypatch):
    """`lastmile racks` or `roster import` beside an accelerated day: that day's time, not the real one."""
    assert time_of(tmp_path, now=T0) == T0  # nothing ran here yet
    run = RunClock(T0, T0 + timedelta(days=2), 600)
    record(tmp_path, run)
    assert time_of(tmp_path, now=T0 + timedelta(seconds=6)) == T0 + timedelta(days=2, hours=1)
    record(tmp_path, run, stopped=T0 + timedelta(days=3))
    assert time_of(tmp_path, now=T0 + timedelta(hours=5)) == T0 + timedelta(days=3)  # time stands still
    for key in [k for k in __import__("os").environ if k.startswith("LASTMILE_")]:
        monkeypatch.delenv(key)
    ahead = datetime.now(timezone.utc) + timedelta(days=3)  # a day played ahead of the real time
    record(tmp_path, run, stopped=ahead)
    assert operator_now(load_settings(UpSettings, data_dir=tmp_path)) == ahead
    assert operator_now(load_settings(UpSettings, data_dir=tmp_path, clock_speed=2.0)) < ahead  # its own clock
