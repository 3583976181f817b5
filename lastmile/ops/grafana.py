"""The Grafana dashboard (deploy/grafana/lastmile.json): the gate, the racks and the
pipeline, on the metrics the code exports (tests/ops/test_dashboard.py checks every name
its queries use). Generated so its panels stay uniform; `lastmile deploy` writes it."""

from __future__ import annotations

import json

UID = "lastmile"
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
RATE = "$__rate_interval"


def _quantiles(histogram: str, by: str = "") -> list[tuple[str, str]]:
    group = f"{by}, le" if by else "le"
    return [(f"histogram_quantile({q}, sum by ({group}) (rate({histogram}_bucket[{RATE}])))",
             f"p{int(q * 100)}" + (f" {{{{{by}}}}}" if by else "")) for q in (0.5, 0.9)]


# (title, [(expr, legend)], unit, kind) per row
ROWS: list[tuple[str, list[tuple[str, list[tuple[str, str]], str, str]]]] = [
    ("The gate (holding)", [
        ("Items in the gate area", [('sum by (state) (lastmile_holding_items{state!="released"})', "{{state}}")],
         "short", "timeseries"),
        ("Hold: disinfection to release", _quantiles("lastmile_holding_hold_seconds"), "s", "timeseries"),
        ("Released per hour", [("sum(increase(lastmile_holding_hold_seconds_count[1h]))", "released")],
         "short", "timeseries"),
        ("Held past due / disinfections overdue", [
            ('max(lastmile_timers_overdue_seconds{kind="hold.release"})', "oldest hold past due (s)"),
            ("sum(lastmile_holding_disinfections_overdue_total)", "disinfections overdue (total)"),
        ], "short", "stat"),
    ]),
    ("The racks (delivery)", [
        ("Items by state", [("sum by (state) (lastmile_delivery_items)", "{{state}}")], "short", "timeseries"),
        ("Release to rack", _quantiles("lastmile_delivery_release_to_rack_seconds"), "s", "timeseries"),
        ("Rack to pickup", _quantiles("lastmile_delivery_rack_to_pickup_seconds"), "s", "timeseries"),
        ("Uncollected after escalation", [('sum(lastmile_delivery_items{state="escalated"})', "escalated")],
         "short", "stat"),
    ]),
    ("The pipeline", [
        ("Group buys by state, orders", [("sum by (state) (lastmile_vetting_groupbuys)", "{{state}}"),
                                         ("sum(lastmile_vetting_orders)", "orders")], "short", "timeseries"),
        ("Messages handled per second", [
            (f"sum by (service) (rate(lastmile_messages_handled_total[{RATE}]))", "{{service}}")], "ops", "timeseries"),
        ("Consumer lag (pending)", [("max by (service, consumer) (lastmile_consumer_pending)", "{{consumer}}")],
         "short", "timeseries"),
        ("Outbox", [("max by (service) (lastmile_outbox_backlog)", "backlog {{service}}"),
                    ("max by (service) (lastmile_outbox_oldest_age_seconds)", "oldest (s) {{service}}")],
         "short", "timeseries"),
        ("Batch time", _quantiles("lastmile_batch_seconds", "service"), "s", "timeseries"),
        ("FastStream: batches per second, processing time", [
            (f"sum by (app_name) (rate(faststream_received_processed_messages_total[{RATE}]))", "{{app_name}}"),
            *_quantiles("faststream_received_processed_messages_duration_seconds", "app_name"),
        ], "short", "timeseries"),
        ("Retries and dead letters per hour", [
            ("sum by (service) (increase(lastmile_retries_total[1h]))", "retries {{service}}"),
            ("sum by (service, reason) (increase(lastmile_dead_letters_total[1h]))", "dead {{service}} {{reason}}"),
        ], "short", "timeseries"),
        ("Timers late", [("max by (service, kind) (lastmile_timers_overdue_seconds)", "{{service}} {{kind}}")],
         "s", "timeseries"),
        ("Notices by platform and state", [
            ("sum by (platform, state) (lastmile_notify_notices)", "{{platform}} {{state}}")], "short", "timeseries"),
        ("Failed sends per hour", [
            ("sum by (platform) (increase(lastmile_notify_send_failures_total[1h]))", "{{platform}}")],
         "short", "timeseries"),
        ("Chat adapters: in and out per second", [
            (f"sum by (platform) (rate(lastmile_adapter_received_total[{RATE}]))", "in {{platform}}"),
            (f"sum by (platform) (rate(lastmile_adapter_sent_total[{RATE}]))", "out {{platform}}"),
        ], "ops", "timeseries"),
        ("Up", [('up{job="lastmile"}', "{{service}}"), ('up{job="adapters"}', "{{platform}}")], "short", "stat"),
    ]),
]

WIDTH = 6  # four panels a line (a 24-column grid)
HEIGHT = 8


def _panel(ident: int, title: str, targets: list[tuple[str, str]], unit: str, kind: str, x: int, y: int) -> dict:
    panel = {
        "id": ident, "type": kind, "title": title, "datasource": DATASOURCE,
        "gridPos": {"h": HEIGHT, "w": WIDTH, "x": x, "y": y},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "targets": [{"refId": chr(ord("A") + i), "datasource": DATASOURCE, "expr": expr, "legendFormat": legend}
                    for i, (expr, legend) in enumerate(targets)],
    }
    if kind == "timeseries":
        panel["options"] = {"legend": {"displayMode": "list", "placement": "bottom"}, "tooltip": {"mode": "multi"}}
    return panel


def dashboard() -> dict:
    panels, ident, y = [], 1, 0
    for title, row in ROWS:
        panels.append({"id": ident, "type": "row", "title": title, "collapsed": False, "panels": [],
                       "gridPos": {"h": 1, "w": 24, "x": 0, "y": y}})
        ident, y = ident + 1, y + 1
        for i, (name, targets, unit, kind) in enumerate(row):
            x = (i * WIDTH) % 24
            if i and x == 0:
                y += HEIGHT
            panels.append(_panel(ident, name, targets, unit, kind, x, y))
            ident += 1
        y += HEIGHT
    return {
        "uid": UID, "title": "lastmile", "tags": ["lastmile"], "timezone": "browser", "schemaVersion": 39,
        "version": 1, "editable": True, "refresh": "30s", "time": {"from": "now-6h", "to": "now"},
        "templating": {"list": [{"name": "datasource", "label": "Prometheus", "type": "datasource",
                                 "query": "prometheus", "current": {}, "hide": 0}]},
        "annotations": {"list": []},
        "panels": panels,
    }


def render() -> str:
    return json.dumps(dashboard(), indent=2, ensure_ascii=False) + "\n"


def queries(document: dict) -> list[str]:
    """Every PromQL expression of a dashboard's panels (rows' nested panels too)."""
    found = []
    for panel in document.get("panels", []):
        found += [t["expr"] for t in panel.get("targets", []) if t.get("expr")]
        found += queries(panel) if panel.get("panels") else []
    return found
