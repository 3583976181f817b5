"""How hard the chaos group pushes: `LASTMILE_CHAOS_SCALE=short` (default, what `make test`
and CI run: 40 households, the five service kills in one run) or `full` (the compound's 800
households, one run per fault)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    households: int
    one_run_per_fault: bool
    deadline: float  # seconds a wave may take before the run fails
    probe_messages: int  # load of the store and dead-letter faults


SCALES = {
    "short": Scale("short", households=40, one_run_per_fault=False, deadline=90, probe_messages=60),
    "full": Scale("full", households=800, one_run_per_fault=True, deadline=300, probe_messages=2000),
}


def chaos_scale() -> Scale:
    name = os.environ.get("LASTMILE_CHAOS_SCALE", "short")
    if name not in SCALES:
        raise ValueError(f"LASTMILE_CHAOS_SCALE must be one of {', '.join(SCALES)}, not {name!r}")
    return SCALES[name]
