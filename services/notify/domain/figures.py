"""The bulletin's figures, in the order it lists them.

Daily figures count events since the previous bulletin; standing ones are what is still
waiting now (at the gate: registered, not yet released; on the racks: racked, not picked up).
"""

from __future__ import annotations

DAILY = ("arrivals", "refused", "disinfected", "released", "racked", "picked_up",
         "groupbuys_opened", "groupbuys_closed", "orders", "vendors_approved", "vendors_suspended",
         "medicine_requests", "medicine_runs", "medicine_filled", "medicine_substitutes", "medicine_unavailable")
STANDING = ("waiting_gate", "waiting_rack")
ALL = DAILY + STANDING


def complete(daily: dict[str, int], standing: dict[str, int]) -> dict[str, int]:
    """Every figure, zero where nothing happened."""
    found = {name: daily.get(name, 0) for name in DAILY}
    found.update({name: max(0, standing.get(name, 0)) for name in STANDING})
    return found
