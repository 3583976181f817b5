"""A platform's read position (Matrix `next_batch`, Telegram's update offset) in a small file
(also the Matrix bot's access token, `private`).

It is saved only after JetStream acknowledged every message before it, so a crash replays
from the last safe point: nothing is lost, and the replay is dropped by the dedupe key.
The write is atomic (temp file, fsync, rename): a crash mid-write leaves the old position.
"""

from __future__ import annotations

import os
from pathlib import Path


class Position:
    """`private`: readable by this user only (mode 0600), for a credential kept the same way."""

    def __init__(self, path: Path, *, private: bool = False):
        self.path = path
        self.mode = 0o600 if private else 0o644

    def load(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def save(self, value: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, self.mode)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(value)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, self.path)
        folder = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # the rename itself survives a power cut
        finally:
            os.close(folder)
