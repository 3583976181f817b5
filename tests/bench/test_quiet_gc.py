"""The load generator's collector is off, its heap frozen, only while a measurement runs."""

from __future__ import annotations

import gc

from lastmile.bench.quiet_gc import collector_paused


def test_the_collector_is_paused_for_the_measurement_and_back_after():
    gc.unfreeze()  # as in the load generator, which freezes nothing else
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0  # what was there before is out of the next collection
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
