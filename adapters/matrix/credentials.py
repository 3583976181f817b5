"""The bot's access token, kept beside the sync position (`<data>/adapters/matrix.token`,
mode 0600): the adapter logs in once and reuses the token at every restart; a new login
happens only when the homeserver refuses it. A token left behind at each restart would be
one more valid credential for the bot's account each time."""

from __future__ import annotations

import os
from pathlib import Path


class SavedToken:
    def __init__(self, path: Path):
        self.path = path

    def load(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def save(self, token: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(token)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, self.path)
