"""medicine: medicine runs (代配药) — requests, triage, hospital runs, substitutes, hand-off."""
