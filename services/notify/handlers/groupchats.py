"""`/groupchat all|BUILDING` sent by the committee inside a group: that group now receives
the notices of its audience, in the language of whoever registered it."""

from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.intake import GroupChatRegistrationRequested
from shared.contracts.notify import GroupChatRegistered
from shared.runtime.tx import Tx

from ..db import directory
from ..db.directory import Recipient
from ..routes import audience
from ..routes.model import route, say
from .context import Notify
from .late import deliver_waiting, targets_of_group
from .routed import handle

REGISTERED = route(say("notify/groupchat.registered", audience.reply))
NOT_A_GROUP = route(say("notify/groupchat.not_a_group", audience.reply))
COMMITTEE_ONLY = route(say("notify/committee_only", audience.reply))


def on_registration(ctx: Notify, tx: Tx, intent: GroupChatRegistrationRequested, envelope: Envelope) -> None:
    if intent.actor.role != "committee":
        handle(ctx, COMMITTEE_ONLY, tx, intent, envelope)
        return
    if intent.chat.chat_type != "group":
        handle(ctx, NOT_A_GROUP, tx, intent, envelope)
        return
    chat = intent.chat
    directory.save_group(tx.conn, platform=chat.platform, chat_id=chat.chat_id, audience=intent.audience,
                         language=intent.actor.language, by=intent.actor.person_id, now=tx.now)
    tx.emit(GroupChatRegistered(platform=chat.platform, chat_id=chat.chat_id, audience=intent.audience,
                                language=intent.actor.language, by=intent.actor.person_id))
    handle(ctx, REGISTERED, tx, intent, envelope)
    deliver_waiting(ctx, tx, targets_of_group(intent.audience),
                    Recipient(chat.platform, chat.chat_id, intent.actor.language, audience=intent.audience))
