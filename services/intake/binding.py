"""`/bind CODE`: a chat identity starts speaking for a roster person.

Guessing is limited per identity (platform + sender): each wrong code counts, the one that
reaches `bind_max_failures` locks the identity for `bind_lockout_minutes`, and while locked
no code is even looked at. An expired code is a real code that came too late: it is refused
with its own reason and not counted as a guess.
"""

from __future__ import annotations

from shared.contracts.chat import ChatIn
from shared.contracts.intake import IdentityBound

from . import attempts, directory
from .directory import CodeState
from .domain.codes import code_hash
from .domain.lockout import BindPolicy, after_failure, failures_left
from .replies import Replier


def refusal(state: CodeState | None, identity: str, now) -> str | None:
    if state is None or state.revoked:
        return "bad_code"
    if state.used_by is not None:
        return None if state.used_by == identity else "code_used"
    return "code_expired" if state.expired(now) else None


def bind(replier: Replier, message: ChatIn, code: str, policy: BindPolicy) -> str | None:
    """Use the code once; the same identity sending it again just hears it is bound."""
    tx = replier.tx
    platform, sender = message.platform, message.sender_id
    tries = attempts.load(tx.conn, platform, sender)
    if tries.locked(tx.now):
        replier.reject("bind_locked", until=tries.locked_until.isoformat(), note="while_locked")
        return None
    digest = code_hash(code)
    state = directory.code_state(tx.conn, digest)
    refused = refusal(state, f"{platform}:{sender}", tx.now)
    if refused == "code_expired":
        replier.reject("code_expired", expired=state.expires_at.isoformat())
        return None
    if refused:
        tries = after_failure(tries, tx.now, policy)
        attempts.save(tx.conn, platform, sender, tries)
        if tries.locked(tx.now):
            replier.reject("bind_locked", until=tries.locked_until.isoformat(), note=f"locked_after_{refused}")
        else:
            replier.reject(refused, left=str(failures_left(tries, policy)))
        return None
    attempts.forget(tx.conn, platform, sender)
    if state.used_by is None:
        directory.use_code(tx.conn, digest, by=f"{platform}:{sender}", now=tx.now)
    directory.bind_identity(tx.conn, platform=platform, sender_id=sender, person_id=state.person_id, now=tx.now)
    person = directory.person_by_id(tx.conn, state.person_id)
    tx.emit(IdentityBound(
        person_id=person.person_id, platform=platform, sender_id=sender,
        direct_chat_id=message.chat_id if message.chat_type == "direct" else None,
        language=person.language, chat=replier.chat,
    ))
    return "identity.bound"
