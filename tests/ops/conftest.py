"""Fixtures for the operations tests: Debian's promtool and prometheus, or a loud skip."""

from __future__ import annotations

import shutil

import pytest

NOT_INSTALLED = ("NOT TESTED: {tool} is missing. `make test` installs Debian's `prometheus` package "
                 "when run as root; otherwise run `apt-get install prometheus`.")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        pytest.skip(NOT_INSTALLED.format(tool=name))
    return found


@pytest.fixture(scope="session")
def promtool() -> str:
    return _tool("promtool")


@pytest.fixture(scope="session")
def prometheus_binary() -> str:
    return _tool("prometheus")
