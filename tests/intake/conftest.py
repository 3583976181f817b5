"""intake fixtures: its settings on the test's store, a roster imported, the service running."""

from __future__ import annotations

import pytest

from services.intake.roster.run import run_import
from services.intake.service import definition
from services.intake.settings import IntakeSettings
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
