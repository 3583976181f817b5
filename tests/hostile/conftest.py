"""Fixtures of the hostile-input suite: intake on its store (no NATS) for properties of
authorization, and intake running against the session's real NATS for the fuzz flows."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from services.intake.roster.run import run_import
from services.intake.service import definition
from services.intake.settings import IntakeSettings
from shared.runtime.clock import FixedClock
from tests.intake.support import read_codes, write_roster
from tests.support.chat_harness import ChatHarness
from tests.support.services import running


@pytest.fixture
def intake_settings(settings_for) -> IntakeSettings:
    return IntakeSettings(**settings_for().model_dump())


@pytest.fixture
def harness(intake_settings, tmp_path):
    """(harness, person_id → code): intake's chat handler on the test's store, roster imported."""
    chat = ChatHarness(intake_settings, FixedClock(datetime.now(timezone.utc)))
    codes = chat.import_roster(write_roster(tmp_path), tmp_path / "codes.csv")
    yield chat, codes
    chat.close()


@pytest.fixture
def codes(intake_settings, tmp_path) -> dict[str, str]:
    out = tmp_path / "codes.csv"
    result = run_import(intake_settings, write_roster(tmp_path), out)
    assert not result.problems, result.problems
    return read_codes(out)


@pytest.fixture
async def intake(js, intake_settings, codes):
    async with running(definition(intake_settings), intake_settings, js) as runtime:
        yield runtime
