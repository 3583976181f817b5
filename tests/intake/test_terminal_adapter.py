"""The terminal chat's envelope over a real NATS: what it sends reaches intake; what is sent
to its chat is shown and receipted, other terminals' messages are not."""

from __future__ import annotations

import json

from rich.console import Console

from adapters.terminal.cli import reply_line
from adapters.terminal.session import TerminalSession
from shared.contracts.chat import ChatOut
from tests.support.waiting import eventually, stream_messages

from .support import from_intake


async def test_terminal_session_sends_and_shows_its_own_chat(js, intake, codes):
    session = TerminalSession(js, sender_id="me")
    shown = []
    await session.listen(lambda out: shown.append(out.text))
    await session.send(f"/bind {codes['R2']}")
    (bound,) = await eventually(lambda: from_intake(js, "identity.bound"), what="bound from the terminal")
    assert bound.data["platform"] == "terminal" and bound.data["direct_chat_id"] == "dm-me"
    for chat_id, text in (("dm-other", "not mine"), ("dm-me", "bound as R2")):
        out = ChatOut(platform="terminal", chat_id=chat_id, text=text, message_id=text, correlation_id="c")
        await js.publish("chat.out.terminal", out.model_dump_json().encode())

    async def receipted():
        return [json.loads(m.data) for m in await stream_messages(js, "CHAT_RECEIPT")]

    receipts = await eventually(receipted, what="receipt")
    assert shown == ["bound as R2"]
    assert [r["message_id"] for r in receipts] == ["bound as R2"]


def test_replies_are_shown_as_written_never_as_markup():
    console = Console(record=True, width=200)
    console.print(reply_line("Send /racked ID [slot] once it is on the rack. [bold]x[/bold] [/]"))
    assert console.export_text().strip() == "lastmile> Send /racked ID [slot] once it is on the rack. [bold]x[/bold] [/]"
