"""Adapter fixtures: a real Matrix homeserver (once per session), the chat streams, and the
adapter as its own process against the session's NATS."""

from __future__ import annotations

import uuid

import pytest

from shared.runtime.settings import ServiceSettings
from tests.support.adapter_process import AdapterProcess
from tests.support.services import provision_all, settings_env
from tests.support.synapse import synapse_missing, synapse_server

_homeserver: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("adapter figures (measured, not asserted)")
        for line in FIGURES:
            terminalreporter.write_line(line)
    if _homeserver.get("skipped"):
        terminalreporter.write_line(f"MATRIX ADAPTER NOT TESTED: {_homeserver['skipped']}", red=True, bold=True)


@pytest.fixture(scope="session")
def homeserver():
    missing = synapse_missing()
    if missing:
        _homeserver["skipped"] = missing
        pytest.skip(f"MATRIX ADAPTER NOT TESTED: {missing}")
    with synapse_server() as server:
        yield server.url


@pytest.fixture
async def chat_streams(js):
    """CHAT_IN, CHAT_OUT, CHAT_RECEIPT as intake and notify would create them."""
    await provision_all(js)
    return js


@pytest.fixture
def adapter_env(nats_url, tmp_path):
    base = ServiceSettings(nats_url=nats_url, data_dir=tmp_path / "data", ack_wait=5, log_level="INFO")
    return settings_env(base)


@pytest.fixture
def start_adapter(adapter_env, tmp_path):
    """start_adapter(platform, env) → a running AdapterProcess; all stopped at the end."""
    started: list[AdapterProcess] = []

    def start(platform: str, env: dict[str, str], wait: bool = True) -> AdapterProcess:
        process = AdapterProcess(platform, {**adapter_env, **env}, tmp_path)
        if platform == "webhook":  # it serves /health (and /metrics) on its HTTP port
            process.env.setdefault("LASTMILE_WEBHOOK_PORT", str(process.port))
        process.start(wait=wait)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


def unique(name: str) -> str:
    return f"{name}{uuid.uuid4().hex[:8]}"


FIGURES: list[str] = []  # printed at the end of the run: measured, never asserted


def report(line: str) -> None:
    FIGURES.append(line)
