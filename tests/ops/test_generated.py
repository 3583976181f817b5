"""The committed generated files match the code, and the generators follow the services
that exist: one not merged yet is skipped, and appears as soon as its package does."""

from __future__ import annotations

import sys

import pytest

import services
from lastmile.ops import generated, inventory, nats_conf, prometheus_conf


@pytest.mark.parametrize("group", ["deploy", "docs"])
def test_the_committed_files_are_what_the_code_generates(group):
    stale = generated.stale(group)
    assert not stale, f"{', '.join(stale)} out of date: run `lastmile {group}` and commit the result"


@pytest.fixture
def extra_service(tmp_path, monkeypatch):
    """A service package `opstest` that appears beside intake, as a merged branch would."""
    package = tmp_path / "opstest"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text(
        "from shared.runtime.settings import ServiceSettings\n\nclass OpstestSettings(ServiceSettings):\n    pass\n")
    (package / "service.py").write_text(
        "from shared.contracts import streams, subjects\n"
        "from shared.runtime.dispatch import event_consumer\n"
        "from shared.contracts.intake import OrderRequested\n"
        "from shared.runtime.service import ServiceDefinition\n\n"
        "def definition(settings):\n"
        "    return ServiceDefinition(name='opstest', default_metrics_port=9399, consumers=[event_consumer(\n"
        "        'opstest-intents', source='intake', community=settings.community,\n"
        "        routes={OrderRequested: lambda tx, p, e: None})])\n")
    monkeypatch.setattr(services, "__path__", [*services.__path__, str(tmp_path)])
    monkeypatch.setattr(inventory, "SERVICES", ("intake", "opstest", "notyet"))
    yield "opstest"
    for name in [m for m in sys.modules if m.startswith("services.opstest")]:
        del sys.modules[name]


def test_services_not_built_yet_are_skipped_and_new_ones_picked_up(extra_service):
    assert [s.name for s in inventory.services()] == ["intake", "opstest"]
    user = next(u for u in nats_conf.users() if u.name == "opstest")
    assert "lm.*.opstest.>" in user.publish and "lm.dlq.opstest" in user.publish
    assert "$JS.API.CONSUMER.MSG.NEXT.LM_INTAKE.opstest-intents" in user.publish
    assert "$JS.API.STREAM.CREATE.LM_INTAKE" not in user.publish  # intake's stream, not its
    assert prometheus_conf.compose_targets()["opstest"] == "opstest:9399"
