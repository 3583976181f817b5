"""`lastmile bench`: run the load generators on an embedded NATS and print the report."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import nats
import typer
from rich.console import Console
from rich.table import Table

from shared.runtime.loop import run

from .embedded import embedded_nats
from .handwritten import handwritten_hop
from .hop import runtime_hop
from .load import requests
from .pipeline import pipeline
from .raw import raw_ceiling

console = Console()


async def _measure(nats_url: str, count: int, folder: Path, orders: int, rate: int, seconds: float,
                   households: int) -> dict:
    nc = await nats.connect(nats_url)
    try:
        messages = requests(count, "bench")
        raw = await raw_ceiling(nc, messages)
        hand = await handwritten_hop(nc, messages, folder)
        hop = await runtime_hop(nc, nats_url, messages, folder)
    finally:
        await nc.close()
    flow = await pipeline(nats_url, folder / "pipeline", orders, rate, seconds, households)
    return {"messages": count, "raw": raw, "handwritten_hop_per_s": hand, "runtime_hop_per_s": hop,
            "runtime_vs_handwritten": hop / hand, "runtime_vs_raw_consume": hop / raw["consume_ack_per_s"],
            "pipeline": flow}


def bench(messages: int = typer.Option(20_000, help="Messages per hop measurement."),
          orders: int = typer.Option(4_000, help="Orders through the whole pipeline, as fast as it takes them."),
          rate: int = typer.Option(500, help="Orders per second for the latency measurement."),
          seconds: float = typer.Option(5.0, help="How long the latency measurement sends."),
          households: int = typer.Option(800, help="Households in the compound (40 to a building)."),
          json_out: Path = typer.Option(None, "--json", help="Also write the figures here.")) -> None:
    """Measure the raw NATS ceiling and one service hop with its store, side by side."""
    with tempfile.TemporaryDirectory(prefix="lastmile-bench-") as folder, embedded_nats(Path(folder)) as url:
        figures = run(_measure(url, messages, Path(folder), orders, rate, seconds, households))
    table = Table(title=f"lastmile bench · {messages} messages of ~400 bytes · embedded NATS, SQLite")
    table.add_column("measurement")
    table.add_column("msg/s", justify="right")
    table.add_column("vs reference", justify="right")
    table.add_row("(1) raw JetStream publish", f"{figures['raw']['publish_per_s']:,.0f}", "")
    table.add_row("(1) raw pull-consume + ack", f"{figures['raw']['consume_ack_per_s']:,.0f}", "")
    table.add_row("(2b) hand-written nats-py hop, 1 txn/batch", f"{figures['handwritten_hop_per_s']:,.0f}", "")
    table.add_row("(2) lastmile hop (inbox+state+outbox)", f"{figures['runtime_hop_per_s']:,.0f}",
                  f"{figures['runtime_vs_handwritten']:.2f} × hand-written")
    flow = figures["pipeline"]
    latency = flow["latency_ms"]
    table.add_row("(3) pipeline chat.in→intake→vetting→notify→chat.out", f"{flow['sustained_per_s']:,.0f}",
                  f"p50 {latency['p50']:.0f} ms · p99 {latency['p99']:.0f} ms at {rate}/s")
    surge = flow["surge"]
    table.add_row(f"(4) surge: {flow['households']} orders + {flow['households']} parcels, replied",
                  f"{surge['replied_in_s']:.1f} s", f"all {surge['messages']} answered: {surge['all_answered']}")
    table.add_row("(4) surge: parcels disinfected, held, all released",
                  f"{surge['all_released_in_s']:.1f} s",
                  f"{surge['released']} released · clock ×{flow['clock_speed']}")
    console.print(table)
    memory = Table(title="(5) resident memory per service process (MiB), and CPU spent on (3)")
    for column in ("service", "idle", "under load", "CPU s for (3)"):
        memory.add_column(column, justify="left" if column == "service" else "right")
    for name, idle in flow["rss_mib"]["idle"].items():
        memory.add_row(name, f"{idle:.0f}", f"{flow['rss_mib']['under_load'].get(name, 0):.0f}",
                       f"{flow['cpu_s_orders'].get(name, 0):.1f}")
    memory.add_row("load generator (the bench)", "", "", f"{flow['cpu_s_orders']['load generator']:.1f}")
    console.print(memory)
    if json_out:
        json_out.write_text(json.dumps(figures, indent=2))
