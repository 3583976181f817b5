"""`/bind CODE`: a chat identity starts speaking for a roster person."""

from __future__ import annotations

from shared.contracts.chat import ChatIn
from shared.contracts.intake import IdentityBound

from . import directory
from .domain.codes import code_hash
from .replies import Replier


def bind(replier: Replier, message: ChatIn, code: str) -> str | None:
    """Use the code once; the same identity sending it again just hears it is bound."""
    tx = replier.tx
    digest = code_hash(code)
    state = directory.code_state(tx.conn, digest)
    identity = f"{message.platform}:{message.sender_id}"
    if state is None or state.revoked:
        replier.reject("bad_code")
        return None
    if state.used_by is not None and state.used_by != identity:
        replier.reject("code_used")
        return None
    if state.used_by is None:
        directory.use_code(tx.conn, digest, by=identity, now=tx.now)
    directory.bind_identity(tx.conn, platform=message.platform, sender_id=message.sender_id,
                            person_id=state.person_id, now=tx.now)
    person = directory.person_by_id(tx.conn, state.person_id)
    tx.emit(IdentityBound(
        person_id=person.person_id, platform=message.platform, sender_id=message.sender_id,
        direct_chat_id=message.chat_id if message.chat_type == "direct" else None,
        language=person.language, chat=replier.chat,
    ))
    return "identity.bound"
