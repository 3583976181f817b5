"""A chat adapter as its own OS process (`python -m adapters.<platform>`), as `lastmile up`
runs it: for the tests that SIGKILL it mid-stream and start it again."""

from __future__ import annotations

import re
import subprocess
import sys

import httpx

from .servers import project_root
from .services import ServiceProcess


class AdapterProcess(ServiceProcess):
    def start(self, wait: bool = True) -> "AdapterProcess":
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", f"adapters.{self.service}"], env=self.env,
                                     cwd=project_root(), stdout=log, stderr=subprocess.STDOUT)
        if wait:
            self.wait_healthy()
        return self

    def metric(self, name: str) -> float:
        """A counter's value from its /metrics (0 when not exported yet)."""
        text = httpx.get(f"http://127.0.0.1:{self.port}/metrics", timeout=2).text
        found = re.search(rf"^{name}(?:\{{[^}}]*\}})? ([0-9.e+-]+)$", text, re.MULTILINE)
        return float(found.group(1)) if found else 0.0
