"""promtool on deploy/: the scrape config and the alert rules are valid, and the alerts'
unit tests (deploy/alerts_test.yml) pass, each firing on a real condition."""

from __future__ import annotations

import subprocess

from tests.support.servers import project_root

DEPLOY = project_root() / "deploy"


def run(promtool: str, *args: str) -> str:
    done = subprocess.run([promtool, *args], cwd=DEPLOY, capture_output=True, text=True, timeout=60)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


def test_the_scrape_config_is_valid_and_finds_the_rules(promtool):
    assert "1 rule files found" in run(promtool, "check", "config", "prometheus.yml")


def test_the_alert_rules_are_valid(promtool):
    assert "SUCCESS" in run(promtool, "check", "rules", "alerts.yml")


def test_the_alerts_fire_on_their_conditions(promtool):
    assert "SUCCESS" in run(promtool, "test", "rules", "alerts_test.yml")


def test_every_alert_has_a_firing_and_a_quiet_unit_test():
    import yaml

    rules = yaml.safe_load((DEPLOY / "alerts.yml").read_text())
    names = {r["alert"] for g in rules["groups"] for r in g["rules"]}
    tests = yaml.safe_load((DEPLOY / "alerts_test.yml").read_text())
    cases = [case for t in tests["tests"] for case in t["alert_rule_test"]]
    firing = {case["alertname"] for case in cases if case["exp_alerts"]}
    quiet = {case["alertname"] for case in cases if not case["exp_alerts"]}
    assert names == firing, f"alerts without a firing test: {sorted(names - firing)}"
    assert names == quiet, f"alerts without a near miss that stays quiet: {sorted(names - quiet)}"
