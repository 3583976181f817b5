"""The files generated from the code, committed so they can be read and deployed, and
checked by the tests so they never drift from the code: `lastmile deploy` and
`lastmile docs` rewrite them."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from . import asyncapi, compose, grafana, nats_conf, prometheus_conf

ROOT = Path(__file__).resolve().parents[2]

GROUPS: dict[str, dict[str, Callable[[], str]]] = {
    "deploy": {
        "docker-compose.yml": compose.render,
        "deploy/prometheus.yml": prometheus_conf.render,
        "deploy/nats/nats.conf": nats_conf.render,
        "deploy/grafana/lastmile.json": grafana.render,
    },
    "docs": {"docs/asyncapi.json": asyncapi.render},
}


def stale(group: str, root: Path = ROOT) -> list[str]:
    """The group's files whose committed text differs from what the code generates now."""
    out = []
    for path, render in GROUPS[group].items():
        file = root / path
        if not file.exists() or file.read_text(encoding="utf-8") != render():
            out.append(path)
    return out


def write(group: str, root: Path = ROOT) -> list[str]:
    for path, render in GROUPS[group].items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(render(), encoding="utf-8")
    return list(GROUPS[group])
