"""`lastmile bench` keeps working: a tiny run prints its table and writes every figure.
(Speed is what the benchmark prints, never asserted here.)"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.support.servers import project_root


def test_a_small_bench_run_reports_every_measurement(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, "-m", "lastmile", "bench", "--messages", "300", "--orders", "100", "--households", "40",
                             "--rate", "50", "--seconds", "1", "--json", str(out)],
                            cwd=project_root(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "lastmile hop" in result.stdout
    figures = json.loads(out.read_text())
    assert figures["messages"] == 300
    for key in ("handwritten_hop_per_s", "runtime_hop_per_s", "runtime_vs_handwritten"):
        assert figures[key] > 0
    assert figures["raw"]["publish_per_s"] > 0 and figures["raw"]["consume_ack_per_s"] > 0
    flow = figures["pipeline"]
    assert flow["all_answered"] is True  # every order got its reply through the whole pipeline
    assert flow["latency_ms"]["answered"] == flow["latency_ms"]["sent"] == 50
    timeline = flow["latency_ms"]["timeline"]  # each paced order: when it was sent, how long it took
    assert len(timeline) == 50 and timeline[0][0] == 0 and all(b[0] >= a[0] for a, b in zip(timeline, timeline[1:]))
    assert abs(sorted(latency for _, latency in timeline)[48] - flow["latency_ms"]["p99"]) < 0.01  # the same replies
    assert flow["surge"]["all_answered"] is True and flow["surge"]["released"] == 40
    assert set(flow["rss_mib"]["idle"]) == {"intake", "vetting", "holding", "delivery", "notify", "medicine"}
    assert flow["cpu_s_orders"]["intake"] > 0 and flow["cpu_s_orders"]["notify"] > 0  # they did the work
    assert flow["cpu_s_orders"]["load generator"] > 0  # what the bench itself took of the same cores
    assert "load generator" in result.stdout


def test_the_store_micro_benchmark_prints_its_three_figures():
    result = subprocess.run([sys.executable, "-m", "lastmile.bench.store_micro", "200"], cwd=project_root(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    figures = dict(line.split(": ") for line in result.stdout.splitlines())
    assert set(figures) == {"one_row_txn_pool_checkout_us", "one_row_txn_kept_connection_us",
                            "executor_round_trip_cpu_us"}
    assert all(float(value) > 0 for value in figures.values())


def test_the_one_at_a_time_hop_prints_its_figures():
    result = subprocess.run([sys.executable, "-m", "lastmile.bench.one_at_a_time", "100"], cwd=project_root(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    figures = {name: float(value) for name, value in (line.split(": ") for line in result.stdout.splitlines())}
    assert set(figures) == {"cpu_ms_per_message", "wall_ms_per_message", "latency_p50_ms", "latency_p99_ms"}
    assert all(value > 0 for value in figures.values())
    assert figures["latency_p50_ms"] <= figures["latency_p99_ms"]
