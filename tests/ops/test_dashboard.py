"""The Grafana dashboard and the alert rules use only metrics the code exports, and the
dashboard is the one `lastmile deploy` generates, provisioned for compose."""

from __future__ import annotations

import json

import yaml

from lastmile.ops import grafana
from tests.support.exported import exported_names, metric_names
from tests.support.servers import project_root

DEPLOY = project_root() / "deploy"


def test_metric_names_are_read_from_promql():
    assert metric_names('histogram_quantile(0.9, sum by (le, service) (rate(a_bucket{x="y"}[$__rate_interval])))') \
        == {"a_bucket"}
    assert metric_names('up{job="adapters"} == 0 and on(platform) max_over_time(b_info[7d]) > 0') == {"up", "b_info"}
    assert metric_names("x - x offset 1h > 0 or (y > 0 unless y offset 30m)") == {"x", "y"}


def test_every_dashboard_query_uses_exported_metrics(tmp_path):
    exported = exported_names(tmp_path)
    document = json.loads((DEPLOY / "grafana" / "lastmile.json").read_text())
    expressions = grafana.queries(document)
    assert len(expressions) >= 20
    for expr in expressions:
        unknown = metric_names(expr) - exported
        assert not unknown, f"the dashboard queries {unknown}, which no code exports: {expr}"
    titles = {p["title"] for p in document["panels"] if p["type"] == "row"}
    assert titles == {"The gate (holding)", "The racks (delivery)", "The pipeline"}


def test_every_alert_rule_uses_exported_metrics(tmp_path):
    exported = exported_names(tmp_path)
    rules = yaml.safe_load((DEPLOY / "alerts.yml").read_text())
    for rule in (r for g in rules["groups"] for r in g["rules"]):
        unknown = metric_names(rule["expr"]) - exported
        assert not unknown, f"{rule['alert']} uses {unknown}, which no code exports"


def test_a_metric_that_is_gone_is_caught(tmp_path):
    exported = exported_names(tmp_path)
    assert "lastmile_holding_items" in exported and "lastmile_consumer_pending" in exported
    assert metric_names("sum(lastmile_holding_items_by_colour)") - exported == {"lastmile_holding_items_by_colour"}


def test_compose_provisions_the_dashboard_and_prometheus_for_grafana():
    compose = yaml.safe_load((project_root() / "docker-compose.yml").read_text())["services"]
    mounts = compose["grafana"]["volumes"]
    assert "./deploy/grafana/lastmile.json:/etc/lastmile/dashboards/lastmile.json:ro" in mounts
    provider = yaml.safe_load((DEPLOY / "grafana" / "provisioning" / "dashboards" / "lastmile.yml").read_text())
    assert provider["providers"][0]["options"]["path"] == "/etc/lastmile/dashboards"
    source = yaml.safe_load((DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text())
    assert source["datasources"][0]["url"] == "http://prometheus:9090"
    assert "prometheus" in compose
