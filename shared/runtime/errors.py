"""Errors that stop a service before it starts, each naming what to fix."""

from __future__ import annotations

from pydantic import ValidationError


class StartupError(RuntimeError):
    """Start-up cannot go on; the message is one line an operator can act on."""


def settings_error(exc: ValidationError, prefix: str, aliases: dict[str, str]) -> StartupError:
    lines = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "?"
        variable = aliases.get(field, f"{prefix}{field}".upper())
        value = err.get("input")
        shown = f" (got {value!r})" if isinstance(value, (str, int, float)) else ""
        lines.append(f"{variable}: {err['msg']}{shown}")
    return StartupError("; ".join(lines))
