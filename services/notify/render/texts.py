"""Rendering chat texts from our own templates, in zh or en.

Only files under `templates/` are ever compiled. Whatever people wrote (announcements,
bulletin lines, names, the offending text of a refusal) is passed as a variable and printed
as text, so `{{ ... }}` in a chat message is just characters. The environment is sandboxed
anyway, and strict: a template naming a parameter that is not there fails in the test that
renders every template, not in a resident's chat.
"""

from __future__ import annotations

import logging
import tomllib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, Template
from jinja2.sandbox import SandboxedEnvironment

log = logging.getLogger("lastmile.notify.texts")

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LANGUAGES = ("zh", "en")


class Texts:
    def __init__(self, tz: ZoneInfo, root: Path = TEMPLATES):
        self.tz = tz
        self.root = root
        # auto_reload off: templates are code, read once per process; jinja's default stats
        # the file on every render (a tenth of notify's render time in py-spy under `lastmile bench`).
        self.env = SandboxedEnvironment(loader=FileSystemLoader(str(root)), undefined=StrictUndefined,
                                        autoescape=False, trim_blocks=True, lstrip_blocks=True,
                                        auto_reload=False)
        self.env.filters["when"] = self._when
        self.env.filters["day"] = self._day
        self.catalogues = {lang: tomllib.loads((root / lang / "texts.toml").read_text("utf-8"))
                           for lang in LANGUAGES}

    # -- templates ------------------------------------------------------------------------

    def has(self, language: str, template: str) -> bool:
        return (self.root / language / f"{template}.j2").is_file()

    def render(self, template: str, language: str, /, **params: Any) -> str:
        language = language if language in LANGUAGES else "zh"
        tpl = self.env.get_template(f"{language}/{template}.j2")
        return tpl.render({**params, "t": self._lookup(language), "listed": self._listed(language),
                           "language": language}).strip()

    # -- the catalogue ------------------------------------------------------------------

    def catalogue(self, language: str) -> dict[str, Any]:
        return self.catalogues[language]

    def word(self, language: str, section: str, key: str | None, default: str | None = None) -> str:
        """A short text (a role's name, a figure's label); `default`, else the key, if none."""
        if key is None:
            return ""
        return str(self.catalogues[language].get(section, {}).get(key, key if default is None else default))

    def reason(self, language: str, source: str, code: str, params: dict[str, Any]) -> str:
        """A refusal's explanation. An unknown code or a missing parameter never stops the
        reply: the person then reads the code and its parameters."""
        text = self.catalogues[language].get("reasons", {}).get(source, {}).get(code)
        if text is not None:
            try:
                return self._compiled(text).render({**params, "t": self._lookup(language)}).strip()
            except TemplateError as exc:
                log.warning("reason %s/%s in %s could not be rendered: %s", source, code, language, exc)
        details = ", ".join(f"{k}={v}" for k, v in params.items())
        return f"{code} ({details})" if details else code

    @lru_cache(maxsize=512)
    def _compiled(self, text: str) -> Template:
        # Only catalogue entries (our own files) come here, never chat text.
        return self.env.from_string(text)

    def _lookup(self, language: str):
        def t(section: str, key: Any = None, default: str | None = None) -> str:
            if key is None:
                return str(self.catalogues[language].get(section, section))
            return self.word(language, section, str(key), default)
        return t

    def _listed(self, language: str):
        def listed(section: str) -> list[str]:
            """Every text of a catalogue section (the category names help lists)."""
            return [str(v) for v in self.catalogues[language].get(section, {}).values()]
        return listed

    # -- filters --------------------------------------------------------------------------

    def _when(self, value: datetime | str) -> str:
        """A time in the compound's zone; a string that is no time (a param) as it came."""
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        except ValueError:
            return value
        return moment.astimezone(self.tz).strftime("%m-%d %H:%M")

    def _day(self, value: date | str) -> str:
        return (date.fromisoformat(value) if isinstance(value, str) else value).isoformat()
