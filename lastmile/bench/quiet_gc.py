"""The load generator's own garbage collector kept out of what it measures.

The generator holds the hop's 20,000 messages and every order it sent: a full collection of
that heap took it 54–150 ms (timed with `gc.callbacks` during `lastmile bench`), and six of
nine runs had one within half a second of the paced orders' first or last. Inside the window
it would time every reply that arrived meanwhile that much late, a delay the services never
had. As `timeit` does, the collector is off while a measurement runs, and what was there
before is frozen, so the collection after it walks only what is new."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled, frozen_before = gc.isenabled(), gc.get_freeze_count()
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        if not frozen_before:  # someone else's freeze stands (ours then stays in it)
            gc.unfreeze()
