"""intake fixtures: its settings on the test's store, a roster imported, the service running."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from services.intake.roster.run import run_import
from services.intake.service import definition
from services.intake.settings import IntakeSettings
from shared.runtime.clock import FixedClock
from tests.support.chat_harness import ChatHarness
from tests.support.services import running

from .support import read_codes, write_roster


@pytest.fixture
def intake_settings(settings_for) -> IntakeSettings:
    return IntakeSettings(**settings_for().model_dump())


@pytest.fixture
def codes(intake_settings, tmp_path) -> dict[str, str]:
    """The test roster imported; person_id → one-time code."""
    out = tmp_path / "codes.csv"
    result = run_import(intake_settings, write_roster(tmp_path), out)
    assert not result.problems, result.problems
    return read_codes(out)


@pytest.fixture
async def intake(js, intake_settings, codes):
    async with running(definition(intake_settings), intake_settings, js) as runtime:
        yield runtime


@pytest.fixture
def make_harness(settings_for, tmp_path):
    """intake's chat handler on the test's store (no NATS), the roster imported:
    (harness, person_id → code). Overrides are IntakeSettings fields."""
    made = []

    def make(**overrides) -> tuple[ChatHarness, dict[str, str]]:
        settings = IntakeSettings(**{**settings_for().model_dump(), **overrides})
        harness = ChatHarness(settings, FixedClock(datetime.now(timezone.utc)))
        made.append(harness)
        return harness, harness.import_roster(write_roster(tmp_path), tmp_path / "codes.csv")

    yield make
    for harness in made:
        harness.close()
