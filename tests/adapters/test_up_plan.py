"""`lastmile up` runs a chat adapter only when its platform is configured, on a port that
moves with LASTMILE_METRICS_PORT_BASE, beside the services."""

from __future__ import annotations

import sys

import pytest

from lastmile.runner import UpSettings, plan
from shared.runtime.errors import StartupError
from shared.runtime.settings import load_settings


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for key in [k for k in __import__("os").environ if k.startswith("LASTMILE_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("LASTMILE_DATA_DIR", str(tmp_path))
    return monkeypatch


def programs(base: int = 9310) -> dict:
    found, ports, _ = plan(load_settings(UpSettings, metrics_port_base=base))
    return {p.name: (p.command, ports.get(p.name)) for p in found}


def test_adapters_stay_off_unless_configured(clean_env):
    assert "matrix" not in programs() and "telegram" not in programs() and "intake" in programs()


def test_configured_adapters_run_as_their_own_processes(clean_env):
    clean_env.setenv("LASTMILE_MATRIX_HOMESERVER", "http://127.0.0.1:8008")
    clean_env.setenv("LASTMILE_MATRIX_ACCESS_TOKEN", "syt_token")
    clean_env.setenv("LASTMILE_TELEGRAM_TOKEN", "123456:abcdef")
    found = programs(base=9400)
    assert found["matrix"] == ([sys.executable, "-m", "adapters.matrix"], 9411)
    assert found["telegram"] == ([sys.executable, "-m", "adapters.telegram"], 9412)


def test_a_half_configured_adapter_stops_start_up_naming_what_is_missing(clean_env):
    clean_env.setenv("LASTMILE_MATRIX_HOMESERVER", "http://127.0.0.1:8008")
    with pytest.raises(StartupError, match="LASTMILE_MATRIX_PASSWORD"):
        programs()
