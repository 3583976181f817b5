"""The shape of a one-time binding code as people type it after `/bind`: 12 characters of
Crockford base32, shown as `K7QM-4XRT-9PWA`, read forgiving case, dashes, spaces and the
O/0 and I/L/1 mix-ups. Part of the chat contract: intake issues and checks codes, and an
adapter (the terminal's `--as CODE`) may recognise one without knowing anything else."""

from __future__ import annotations

import re

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LENGTH = 12
TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})


def canonical(typed: str) -> str:
    """What people type, folded: case, dashes and spaces, O/0 and I/L/1 mix-ups."""
    return re.sub(r"[\s\-_]", "", typed).upper().translate(TYPO)


def looks_like_code(typed: str) -> bool:
    value = canonical(typed)
    return len(value) == LENGTH and all(ch in ALPHABET for ch in value)
