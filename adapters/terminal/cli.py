"""`lastmile chat --as PERSON_OR_CODE`: a line-by-line chat in this terminal.

`--as` is who you are on platform `terminal` (your sender id). Given a one-time code, the
chat starts by sending `/bind CODE` for you, exactly as if you had typed it. End a line with
`\\` to continue the message on the next line (for /vendor and /groupbuy bodies).
"""

from __future__ import annotations

import asyncio
import sys

import typer
from rich.console import Console
from rich.text import Text

from shared.contracts.codes import canonical, looks_like_code
from shared.runtime.nats_client import connect_or_explain
from shared.runtime.settings import ServiceSettings, load_settings

from ..envelope import disconnect
from .session import TerminalSession

console = Console()


def reply_line(text: str) -> Text:
    """A reply as the person should read it: `[slot]` and `[ITEM]` in a usage line, or any
    brackets someone wrote, are text, never rich markup."""
    return Text.assemble(("lastmile> ", "bold cyan"), text)


async def _read_message() -> str | None:
    lines = []
    while True:
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line:
            return "\n".join(lines) if lines else None
        line = line.rstrip("\n")
        if line.endswith("\\"):
            lines.append(line[:-1])
            continue
        lines.append(line)
        return "\n".join(lines)


async def _chat(handle: str, group: str | None) -> None:
    settings = load_settings(ServiceSettings)
    nc = await connect_or_explain(settings, name="lastmile-chat", max_reconnect_attempts=-1)
    is_code = looks_like_code(handle)
    sender = canonical(handle) if is_code else handle
    session = TerminalSession(nc.jetstream(), sender_id=sender, chat_id=group, group=bool(group))
    try:
        await session.listen(lambda out: console.print(reply_line(out.text)))
    except Exception as exc:
        console.print(f"[yellow]No replies will show ({exc}): is notify running?[/]")
    console.print(f"Chatting as [bold]{sender}[/] in {session.chat_type} chat {session.chat_id}. Ctrl-D ends.")
    try:
        if is_code:
            await session.send(f"/bind {handle}")
        while (text := await _read_message()) is not None:
            if text.strip():
                await session.send(text)
    finally:
        await disconnect(nc)


def run_chat(handle: str, group: str | None) -> None:
    try:
        asyncio.run(_chat(handle, group))
    except KeyboardInterrupt:
        pass


def chat(
    as_: str = typer.Option(..., "--as", help="Your person id (R12) or your one-time code."),
    group: str = typer.Option(None, "--group", help="Write in this group chat instead of a direct chat."),
) -> None:
    """Chat with lastmile from this terminal (platform `terminal`)."""
    run_chat(as_, group)
