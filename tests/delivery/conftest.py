"""Fixtures for delivery's flow tests: its settings on the session's NATS and store."""

from __future__ import annotations

import pytest

from services.delivery.settings import DeliverySettings


@pytest.fixture
def delivery_settings(settings_for):
    def make(**overrides) -> DeliverySettings:
        return DeliverySettings(**{**settings_for().model_dump(), **overrides})

    return make
