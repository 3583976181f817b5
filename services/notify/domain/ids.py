"""Notice ids and the chat message ids that carry them.

Every attempt to send a notice is its own chat message (`n42.2` = notice 42, attempt 2):
the outbox and JetStream dedupe on it, and a failed attempt's receipt never hides the next.
"""

from __future__ import annotations


def message_id(notice_id: int, attempt: int) -> str:
    return f"n{notice_id}.{attempt}"


def parse_message_id(value: str) -> tuple[int, int] | None:
    """(notice id, attempt) of one of our message ids; None for anything else."""
    if not value.startswith("n") or "." not in value:
        return None
    notice, _, attempt = value[1:].partition(".")
    if not (notice.isdigit() and attempt.isdigit()):
        return None
    return int(notice), int(attempt)
