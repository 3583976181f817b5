"""A service process does not load nats-py's websocket transport (aiohttp, ~11 MiB resident)
when its NATS URL is nats://: the memory target is per process (docs/runtime.md)."""

from __future__ import annotations

from pathlib import Path

from tests.support.services import ServiceProcess, provision_all


def loaded_files(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


async def test_a_service_on_nats_url_does_not_load_aiohttp(nats_url, js, tmp_path):
    await provision_all(js)
    env = {"LASTMILE_NATS_URL": nats_url, "LASTMILE_DATA_DIR": str(tmp_path), "LASTMILE_COMMUNITY": "test"}
    service = ServiceProcess("holding", env, tmp_path).start()
    try:
        maps = loaded_files(service.proc.pid)
        assert "_sqlite3" in maps  # it is up, on its store
        assert "/aiohttp/" not in maps
    finally:
        service.stop()
