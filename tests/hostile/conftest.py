"""Fixtures of the hostile-input suite: intake's own (its settings, roster, the running
service, the store-only harness), shared from tests/intake, plus one harness for properties
(made once per test, kept across hypothesis examples)."""

from __future__ import annotations

import pytest

from tests.intake.conftest import codes, intake, intake_settings, make_harness  # noqa: F401 (fixtures)


@pytest.fixture
def harness(make_harness):  # noqa: F811
    """(harness, person_id → code): intake's chat handler on the test's store, roster imported."""
    return make_harness()
