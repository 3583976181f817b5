"""vetting as its own process, as `lastmile up` runs it: settings from the environment."""

from __future__ import annotations

import pytest

from tests.support.services import ServiceProcess, provision_all, settings_env
from tests.vetting.helpers import NOW, answer_to, register, send, vetting_settings


@pytest.mark.slow
async def test_the_vetting_process_answers_intents(js, settings_for, tmp_path):
    await provision_all(js)
    settings = vetting_settings(settings_for, clock_start=NOW)  # its licences are valid then
    process = ServiceProcess("vetting", settings_env(settings), tmp_path).start()
    try:
        request = register(name="Gate Dairy")
        await send(js, request)
        approved = await answer_to(js, request, "vendor.approved")
    finally:
        assert process.stop() == 0
    assert approved["by"] == "policy"
