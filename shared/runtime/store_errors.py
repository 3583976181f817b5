"""Telling a store that is away (locked, full, restarting) from a handler that is wrong.

A handler's bug fails the same way on every attempt and ends as a dead letter. A store that
is locked by another connection, out of disk, or whose server restarted fails every message
alike and gets better by itself: those messages wait and are tried again, however long it
takes, and never count towards the dead-letter limit.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc as sa

# sqlite3 raises OperationalError for a missing column too: only these texts mean "away".
_SQLITE_AWAY = ("database is locked", "database table is locked", "disk is full", "disk i/o error",
                "unable to open database")


def store_unavailable(error: BaseException) -> bool:
    """True when `error` says the store could not be used, not that the handler failed."""
    if isinstance(error, sa.TimeoutError):  # no pooled connection came free
        return True
    if not isinstance(error, sa.DBAPIError):
        return False
    if error.connection_invalidated:  # the server closed it (restart, pg_terminate_backend)
        return True
    original = error.orig
    if isinstance(original, sqlite3.OperationalError):
        return any(text in str(original).lower() for text in _SQLITE_AWAY)
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    # psycopg's OperationalError: connection lost or refused, server shutting down (57P01…);
    # SQL mistakes are ProgrammingError and the like, and stay handler failures.
    return isinstance(original, psycopg.OperationalError)
