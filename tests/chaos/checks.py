"""What every chaos run must show against the run without faults."""

from __future__ import annotations

from .day import Run
from .tally import EVENTS


def assert_same_day(run: Run, baseline: Run) -> None:
    """Every count equals the fault-free run's, and no effect happened twice."""
    got, want = run.tally.counts, baseline.tally.counts
    differing = {k: (got[k], want[k]) for k in want if got[k] != want[k]}
    assert not differing, f"{run.fault}: counts (got, without faults) differ: {differing}"
    twice = {k: n for k, n in run.tally.duplicated.items() if n != baseline.tally.duplicated.get(k, 0)}
    assert not twice, f"{run.fault}: effects that happened twice: {twice}"
    assert run.tally.messages_in == baseline.tally.messages_in, "a chat message was stored twice or lost"


def assert_whole_day(run: Run) -> None:
    """The fault-free run itself did the whole day: one of each effect per household."""
    n = run.households
    counts = run.tally.counts
    for kind in ("orders accepted", "arrivals", "releases", "racked", "picked", "order lines"):
        assert counts[kind] == n, f"{kind}: {counts[kind]} for {n} households"
    assert counts["tallied qty"] == sum(i % 3 + 1 for i in range(n))
    # A message may rightly get two answers (a vendor registered, then approved), so replies
    # and notices are held to the fault-free run, but no event's business key may repeat.
    assert not any(run.tally.duplicated[k] for k in EVENTS), run.tally.duplicated
