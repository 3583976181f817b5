"""Replies to what intake could not turn into an intent, and help."""

from __future__ import annotations

from shared.contracts.intake import HelpRequested, MessageRejected

from ..domain.commands import COMMANDS, commands_for
from .audience import reply
from .model import route, say


def help_topics(payload: HelpRequested) -> dict:
    """Help on one command if asked (and known), else every command this person may use."""
    if payload.topic in COMMANDS:
        return {"commands": [payload.topic], "single": True}
    roles = payload.roles or ([payload.role] if payload.role else [])
    return {"commands": commands_for(roles), "single": False, "role": "|".join(roles) or None}


ROUTES = {
    MessageRejected: route(say("intake/message.rejected", reply)),
    HelpRequested: route(say("intake/help.requested", reply), extra=help_topics),
}
