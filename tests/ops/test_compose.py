"""docker-compose.yml checked without a Docker engine: every service and adapter is there
with the image, command, ports and environment its settings class accepts, NATS has its
config, volume and every user's password, and no secret is written in the file."""

from __future__ import annotations

import os
import re

import pytest
import yaml

from lastmile.ops import inventory
from shared.runtime.settings import PREFIX
from tests.support.servers import project_root

from .secured_nats import password_variables

ROOT = project_root()
VARIABLE = re.compile(r"\$\{(\w+)(?::([?-])([^}]*))?\}")


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def dev_env() -> dict[str, str]:
    lines = (ROOT / "deploy" / "dev.env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's `${VAR}`, `${VAR:-default}` and `${VAR:?error}`."""
    def one(match):
        name, kind, rest = match.groups()
        if env.get(name):
            return env[name]
        if kind == "?":
            raise KeyError(f"{name}: {rest}")
        return rest or ""
    return VARIABLE.sub(one, value)


def runnable():
    """(compose name, settings class, module) of every process lastmile deploys."""
    found = [(s.name, s.settings_class, s.module) for s in inventory.services()]
    return found + [(a.name, a.settings_class, a.module) for a in inventory.adapters() if a.runnable]


@pytest.mark.parametrize("name, settings_class, module", runnable(), ids=lambda v: getattr(v, "__name__", v))
def test_each_process_runs_from_the_image_with_settings_its_class_accepts(name, settings_class, module, monkeypatch):
    entry = compose()["services"][name]
    assert entry["build"] == "." and entry["image"] == "lastmile:latest"
    assert entry["command"] == ["python", "-m", module]
    known = {PREFIX + field.upper() for field in settings_class.model_fields}
    assert set(entry["environment"]) <= known, f"unknown settings: {set(entry['environment']) - known}"
    for key in [k for k in os.environ if k.startswith(PREFIX)]:
        monkeypatch.delenv(key)
    for key, value in entry["environment"].items():
        if value is not None:  # None: passed through from the host when set there
            monkeypatch.setenv(key, interpolate(str(value), dev_env()))
    settings = settings_class()  # validates every value, as the process will at start
    assert settings.nats_url.startswith(f"nats://{name}:") and settings.nats_url.endswith("@nats:4222")
    if module.startswith("services."):
        assert settings.database_url.startswith("postgresql+psycopg://") and settings.metrics_host == "0.0.0.0"
        assert entry["expose"] == [str(settings.metrics_port)]
    else:
        assert entry["profiles"] == [name], "adapters stay off unless their profile is on"
        for port_field in inventory.Adapter(name).own_fields("_port"):
            port = getattr(settings, port_field)
            assert f"{port}:{port}" in entry["ports"]


def test_prometheus_scrapes_each_service_where_compose_serves_its_metrics():
    scrape = yaml.safe_load((ROOT / "deploy" / "prometheus.yml").read_text())["scrape_configs"][0]
    targets = {c["labels"]["service"]: c["targets"][0] for c in scrape["static_configs"]}
    services = compose()["services"]
    assert set(targets) == {s.name for s in inventory.services()}
    for name, target in targets.items():
        assert target == f"{name}:{services[name]['environment']['LASTMILE_METRICS_PORT']}"
    mounts = services["prometheus"]["volumes"]
    assert "./deploy/prometheus.yml:/etc/prometheus/prometheus.yml:ro" in mounts
    assert "./deploy/alerts.yml:/etc/prometheus/alerts.yml:ro" in mounts  # rule_files: alerts.yml


def test_nats_runs_the_permissions_config_with_jetstream_on_a_volume():
    nats = compose()["services"]["nats"]
    conf = (ROOT / "deploy" / "nats" / "nats.conf").read_text()
    assert nats["command"] == ["-c", "/etc/nats/nats.conf"]
    assert "./deploy/nats/nats.conf:/etc/nats/nats.conf:ro" in nats["volumes"]
    store = re.search(r'store_dir: "([^"]+)"', conf).group(1)
    volume, path = next(v.split(":") for v in nats["volumes"] if not v.startswith("./"))
    assert store.startswith(path + "/") and volume in compose()["volumes"]
    assert set(nats["environment"]) == set(password_variables())


def test_no_secret_is_written_in_the_file_and_dev_env_provides_each_one():
    text = (ROOT / "docker-compose.yml").read_text()
    required = {m.group(1) for m in VARIABLE.finditer(text) if m.group(2) == "?"}
    assert required >= set(password_variables()) | {"LASTMILE_POSTGRES_PASSWORD"}
    assert required <= set(dev_env()), f"deploy/dev.env lacks {required - set(dev_env())}"
    for value in re.findall(r"PASSWORD\w*: (.*)", text):
        assert value.startswith("${"), f"a literal password in docker-compose.yml: {value}"
    assert "INSECURE" in (ROOT / "deploy" / "dev.env").read_text().splitlines()[0]


def test_the_image_holds_every_package_the_processes_import():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for package in ("shared", "services", "adapters", "lastmile"):
        assert f"COPY {package} ./{package}" in dockerfile
