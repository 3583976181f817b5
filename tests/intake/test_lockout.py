"""The lockout rule as plain values: count failures in a window, lock at the limit."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from services.intake.domain.lockout import NONE, BindPolicy, after_failure, failures_left

T0 = datetime(2022, 4, 10, 8, 0, tzinfo=timezone.utc)
POLICY = BindPolicy(max_failures=3, window=timedelta(minutes=10), lockout=timedelta(minutes=30))


def test_the_third_failure_locks_for_the_lockout_and_starts_afresh():
    one = after_failure(NONE, T0, POLICY)
    two = after_failure(one, T0 + timedelta(minutes=1), POLICY)
    assert [failures_left(a, POLICY) for a in (NONE, one, two)] == [3, 2, 1]
    locked = after_failure(two, T0 + timedelta(minutes=2), POLICY)
    assert locked.locked(T0 + timedelta(minutes=31, seconds=59)) and not locked.locked(T0 + timedelta(minutes=32))
    assert locked.failures == 0 and failures_left(locked, POLICY) == 3


def test_failures_are_forgotten_after_a_quiet_window_since_the_last_one():
    two = after_failure(after_failure(NONE, T0, POLICY), T0 + timedelta(minutes=9), POLICY)
    assert after_failure(two, T0 + timedelta(minutes=18), POLICY).locked(T0 + timedelta(minutes=18))
    later = after_failure(two, T0 + timedelta(minutes=19), POLICY)
    assert (later.failures, later.last_failed_at, later.locked_until) == (1, T0 + timedelta(minutes=19), None)


@settings(max_examples=500)
@given(st.lists(st.integers(0, 20), min_size=1, max_size=50))
def test_never_more_than_max_failures_within_a_window_without_a_lock(gaps):
    """Whatever the pace of guesses, an identity gets at most max_failures tries in any
    window before it is locked (guesses while locked are not even made)."""
    now, attempts, tried = T0, NONE, []
    for gap in gaps:
        now += timedelta(minutes=gap)
        if attempts.locked(now):
            continue
        tried.append(now)
        attempts = after_failure(attempts, now, POLICY)
        recent = [t for t in tried if now - t < POLICY.window]
        assert attempts.locked(now) or len(recent) < POLICY.max_failures
