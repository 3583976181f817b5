"""The day without faults, the yardstick of every chaos run, does the whole day itself."""

from __future__ import annotations

import pytest

from .checks import assert_whole_day

pytestmark = [pytest.mark.chaos, pytest.mark.slow]


async def test_the_day_without_faults_is_whole(baseline):
    assert_whole_day(baseline)
