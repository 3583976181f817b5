"""Running a coroutine on uvloop where it is installed (services, and the benchmark's load
generator, which shares the machine's cores with what it measures), else on asyncio's loop."""

from __future__ import annotations

import asyncio
from typing import Any, Coroutine, TypeVar

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - platforms without uvloop
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)
