"""One-time binding codes: random, typed by hand, stored only as a hash.

A code is 12 characters of Crockford base32 (60 random bits from `secrets`), shown as
`K7QM-4XRT-9PWA`; its typed shape is the chat contract's (`shared/contracts/codes.py`). It is
stored as its SHA-256: a salted slow hash protects guessable passwords, while a 60-bit random
one-time code is not guessable, and an unsalted hash lets a bind look the code up by an index
instead of trying every row.
"""

from __future__ import annotations

import hashlib
import secrets

from shared.contracts.codes import ALPHABET, LENGTH, canonical, looks_like_code

__all__ = ["ALPHABET", "LENGTH", "canonical", "code_hash", "looks_like_code", "new_code"]


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, LENGTH, 4))


def code_hash(typed: str) -> str:
    return hashlib.sha256(canonical(typed).encode()).hexdigest()
