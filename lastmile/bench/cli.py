"""`lastmile bench`: run the load generators on an embedded NATS and print the report."""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path

import nats
import typer
from rich.console import Console
from rich.table import Table

from .embedded import embedded_nats
from .handwritten import handwritten_hop
from .hop import runtime_hop
from .load import requests
from .raw import raw_ceiling

console = Console()


async def _measure(nats_url: str, count: int, folder: Path) -> dict:
    nc = await nats.connect(nats_url)
    try:
        messages = requests(count, "bench")
        raw = await raw_ceiling(nc, messages)
        hand = await handwritten_hop(nc, messages, folder)
        hop = await runtime_hop(nc, nats_url, messages, folder)
    finally:
        await nc.close()
    return {"messages": count, "raw": raw, "handwritten_hop_per_s": hand, "runtime_hop_per_s": hop,
            "runtime_vs_handwritten": hop / hand, "runtime_vs_raw_consume": hop / raw["consume_ack_per_s"]}


def bench(messages: int = typer.Option(20_000, help="Messages per measurement."),
          json_out: Path = typer.Option(None, "--json", help="Also write the figures here.")) -> None:
    """Measure the raw NATS ceiling and one service hop with its store, side by side."""
    with tempfile.TemporaryDirectory(prefix="lastmile-bench-") as folder, embedded_nats(Path(folder)) as url:
        figures = asyncio.run(_measure(url, messages, Path(folder)))
    table = Table(title=f"lastmile bench · {messages} messages of ~400 bytes · embedded NATS, SQLite")
    table.add_column("measurement")
    table.add_column("msg/s", justify="right")
    table.add_column("vs reference", justify="right")
    table.add_row("(1) raw JetStream publish", f"{figures['raw']['publish_per_s']:,.0f}", "")
    table.add_row("(1) raw pull-consume + ack", f"{figures['raw']['consume_ack_per_s']:,.0f}", "")
    table.add_row("(2b) hand-written nats-py hop, 1 txn/batch", f"{figures['handwritten_hop_per_s']:,.0f}", "")
    table.add_row("(2) lastmile hop (inbox+state+outbox)", f"{figures['runtime_hop_per_s']:,.0f}",
                  f"{figures['runtime_vs_handwritten']:.2f} × hand-written")
    console.print(table)
    if json_out:
        json_out.write_text(json.dumps(figures, indent=2))
