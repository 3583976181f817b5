"""What this checkout contains: the services of `SERVICES` whose package exists, and the
chat adapters under `adapters/`. Services not merged yet are skipped, and appear here as
soon as their package does, so everything generated from this follows them."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
from dataclasses import dataclass
from functools import cached_property

from shared.contracts.streams import SERVICES
from shared.runtime.service import ServiceDefinition
from shared.runtime.settings import ServiceSettings

FALLBACK_METRICS_PORT_BASE = 9310  # as `lastmile up`: intake 9311, the next 9312, …


def _exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _own_settings_class(module_name: str) -> type[ServiceSettings]:
    """The ServiceSettings subclass a package's `settings` module defines (or the base)."""
    if not _exists(module_name):
        return ServiceSettings
    module = importlib.import_module(module_name)
    found = [c for _, c in inspect.getmembers(module, inspect.isclass)
             if issubclass(c, ServiceSettings) and c.__module__ == module.__name__]
    if len(found) != 1:
        raise LookupError(f"{module_name} must define exactly one ServiceSettings subclass, found {found}")
    return found[0]


@dataclass(frozen=True)
class Service:
    name: str
    index: int  # position in SERVICES: a stable fallback for the metrics port

    @property
    def module(self) -> str:
        return f"services.{self.name}"

    @cached_property
    def settings_class(self) -> type[ServiceSettings]:
        return _own_settings_class(f"{self.module}.settings")

    def definition(self, community: str = "demo") -> ServiceDefinition:
        """The service's definition, built from default settings (never the environment)
        so what is generated from it is the same on every machine."""
        build = importlib.import_module(f"{self.module}.service").definition
        return build(self.settings_class.model_construct(community=community))

    @cached_property
    def metrics_port(self) -> int:
        return self.definition().default_metrics_port or FALLBACK_METRICS_PORT_BASE + self.index + 1


@dataclass(frozen=True)
class Adapter:
    """A chat adapter: a package under `adapters/` whose name is its platform."""

    name: str

    @property
    def platform(self) -> str:
        return self.name

    @property
    def module(self) -> str:
        return f"adapters.{self.name}"

    @property
    def runnable(self) -> bool:
        """Runs as its own process (`python -m adapters.<name>`), so it can be deployed."""
        return _exists(f"{self.module}.__main__")

    @cached_property
    def settings_class(self) -> type[ServiceSettings]:
        return _own_settings_class(f"{self.module}.settings")

    def own_fields(self, suffix: str) -> list[str]:
        """Its own settings ending in `suffix` (`_port`, `_host`), beyond the common ones."""
        return [f for f in self.settings_class.model_fields
                if f.endswith(suffix) and f not in ServiceSettings.model_fields]


def services() -> list[Service]:
    return [Service(name, i) for i, name in enumerate(SERVICES) if _exists(f"services.{name}.service")]


def adapters() -> list[Adapter]:
    import adapters as package

    return [Adapter(m.name) for m in pkgutil.iter_modules(package.__path__) if m.ispkg]
