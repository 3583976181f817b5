"""Small pieces of the runtime, without NATS."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from lastmile.supervisor_conf import Program, render
from shared.contracts.envelope import Envelope, make_envelope
from shared.runtime.clock import FixedClock, ScaledClock, SystemClock, clock_from
from shared.runtime.errors import StartupError
from shared.runtime.settings import ServiceSettings, load_settings

T0 = datetime(2022, 4, 10, 6, 0, tzinfo=timezone.utc)


def test_a_scaled_clock_runs_faster_and_every_process_agrees():
    origin = datetime.now(timezone.utc) - timedelta(seconds=2)
    one, other = ScaledClock(600, origin, start=T0), ScaledClock(600, origin, start=T0)
    lived = (one.now() - T0).total_seconds()
    assert 1190 <= lived <= 1300  # ≈ 2 real seconds × 600
    assert abs((other.now() - one.now()).total_seconds()) < 60
    assert one.real_seconds_until(one.now() + timedelta(minutes=10)) == pytest.approx(1.0, abs=0.05)


def test_clock_from_settings():
    assert isinstance(clock_from(1.0, None, None), SystemClock)
    assert isinstance(clock_from(60, None, None), ScaledClock)
    fixed = FixedClock(T0)
    assert fixed.advance(hours=2) == T0 + timedelta(hours=2)


def test_envelope_ids_sort_by_creation_time():
    ids = []
    for _ in range(3):
        ids.append(make_envelope(type="a.b", source="x", community="c", data={}, time=T0).id)
        time.sleep(0.002)
    assert ids == sorted(ids) and len(set(ids)) == 3


def test_envelope_refuses_a_naive_time_and_unknown_fields():
    good = make_envelope(type="a.b", source="x", community="c", data={}, time=T0).model_dump(mode="json")
    with pytest.raises(ValidationError):
        Envelope.model_validate({**good, "time": "2022-04-10T06:00:00"})
    with pytest.raises(ValidationError):
        Envelope.model_validate({**good, "extra": 1})


def test_settings_normalise_database_urls(tmp_path):
    s = ServiceSettings(database_url="postgresql://u@h/db", data_dir=tmp_path)
    assert s.database_url == "postgresql+psycopg://u@h/db"
    assert ServiceSettings(data_dir=tmp_path).database_url_for("vetting") == f"sqlite:///{tmp_path.resolve()}/vetting.db"


def test_load_settings_names_every_bad_variable(monkeypatch):
    monkeypatch.setenv("LASTMILE_MAX_ATTEMPTS", "0")
    monkeypatch.setenv("LASTMILE_COMMUNITY", "Has Spaces")
    with pytest.raises(StartupError) as error:
        load_settings(ServiceSettings)
    assert "LASTMILE_MAX_ATTEMPTS" in str(error.value) and "LASTMILE_COMMUNITY" in str(error.value)


def test_supervisor_config_escapes_values(tmp_path):
    text = render([Program("intake", ["python", "-m", "services.intake"], {"X": 'a%b"c'}, 10)], data_dir=tmp_path)
    assert 'environment=X="a%%b\\"c"' in text
    assert f"stdout_logfile={tmp_path / 'logs' / 'intake.log'}" in text
