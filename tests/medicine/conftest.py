"""Fixtures for medicine's flow tests: its settings on the session's NATS and store."""

from __future__ import annotations

import pytest

from services.medicine.settings import MedicineSettings


@pytest.fixture
def medicine_settings(settings_for):
    def make(**overrides) -> MedicineSettings:
        return MedicineSettings(**{**settings_for().model_dump(), **overrides})

    return make
