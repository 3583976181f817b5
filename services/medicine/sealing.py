"""Field-level encryption of medical details (drug, dose, notes, substitutes, reasons).

Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) seals each field before it is
written; only this service holds the key. A dump, a backup or someone reading the shared
PostgreSQL server sees ids, states and ciphertext. The key is loaded at first use, so
building the service's definition (for `lastmile deploy`, say) never touches a file; and
`cryptography` is imported then too: its bindings (OpenSSL of their own) are ~8 MiB resident,
which a medicine process that has sealed or opened nothing yet does not carry.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.fernet import MultiFernet


class FieldCipher:
    def __init__(self, keys: str | None, key_file: Path):
        self._keys = keys
        self._key_file = key_file
        self._fernet: MultiFernet | None = None

    def _cipher(self) -> MultiFernet:
        if self._fernet is None:
            from cryptography.fernet import Fernet, MultiFernet

            keys = self._keys or _key_from_file(self._key_file)
            self._fernet = MultiFernet([Fernet(k.strip().encode()) for k in keys.split(",") if k.strip()])
        return self._fernet

    def seal(self, value: str | None) -> str | None:
        return None if value is None else self._cipher().encrypt(value.encode()).decode()

    def open(self, token: str | None) -> str | None:
        return None if token is None else self._cipher().decrypt(token.encode()).decode()


def _key_from_file(path: Path) -> str:
    """The development key: made once, readable by its owner only."""
    if not path.exists():
        from cryptography.fernet import Fernet

        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as f:
            f.write(Fernet.generate_key().decode())
    return path.read_text().strip()
