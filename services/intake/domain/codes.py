"""One-time binding codes: random, typed by hand, stored only as a hash.

A code is 12 characters of Crockford base32 (60 random bits from `secrets`), shown as
`K7QM-4XRT-9PWA`. It is stored as its SHA-256: a salted slow hash protects guessable
passwords, while a 60-bit random one-time code is not guessable, and an unsalted hash lets a
bind look the code up by an index instead of trying every row.
"""

from __future__ import annotations

import hashlib
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LENGTH = 12
TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, LENGTH, 4))


def canonical(typed: str) -> str:
    """What people type, folded: case, dashes and spaces, O/0 and I/L/1 mix-ups."""
    return re.sub(r"[\s\-_]", "", typed).upper().translate(TYPO)


def looks_like_code(typed: str) -> bool:
    value = canonical(typed)
    return len(value) == LENGTH and all(ch in ALPHABET for ch in value)


def code_hash(typed: str) -> str:
    return hashlib.sha256(canonical(typed).encode()).hexdigest()
