"""What the day did, counted by the script as it did it: the figures the evening bulletin
must print (by notify's figure names), and reading those figures back from a posted bulletin."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field

from services.notify.domain.figures import ALL as ALL_FIGURES
from services.notify.render.texts import TEMPLATES

# Every figure the bulletin prints: one the script never caused must read 0.
FIGURES = ALL_FIGURES


@dataclass
class Ledger:
    figures: Counter = field(default_factory=Counter)

    def expected(self) -> dict[str, int]:
        found = {name: self.figures.get(name, 0) for name in FIGURES}
        found["waiting_rack"] = found["racked"] - found["picked_up"]
        return found


def _labels(language: str) -> dict[str, str]:
    catalogue = tomllib.loads((TEMPLATES / language / "texts.toml").read_text("utf-8"))
    return {label: name for name, label in catalogue["figures"].items()}


def bulletin_figures(text: str, language: str) -> dict[str, int]:
    """The figures a posted bulletin shows (`label: N` / `label：N`), by notify's figure name."""
    labels = _labels(language)
    found = {}
    for line in text.splitlines():
        match = re.match(r"^(.+?)[:：]\s*(\d+)$", line.strip())
        if match and match.group(1) in labels:
            found[labels[match.group(1)]] = int(match.group(2))
    return found
