"""intake's handler: a chat message in; an intent, a help request or a refusal out.

The order of checks is the order of the replies a person gets: stale revision (silence),
a text the adapter had to cut (too long), not a command (silence in groups), unknown
command, help and bind (anyone), not bound, wrong role, bad arguments, and only then the
intent.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from pydantic import ValidationError

from shared.contracts.chat import MAX_TEXT, ChatIn
from shared.contracts.intake import ChatRef, OrderRequested
from shared.contracts.registry import spec_of
from shared.runtime.incoming import Incoming
from shared.runtime.tx import Tx

from . import directory, implicit_orders, proxy, revisions
from .binding import bind
from .domain.lockout import BindPolicy
from .domain.permissions import needs_binding, role_for, roles_needed
from .domain.usage import bind_word, help_word, usage
from .intents import intent_for
from .parsing import Malformed, NotACommand, ParseContext, Parsed, ParseResult, UnknownCommand, parse_message
from .replies import Replier, guess_language
from .settings import IntakeSettings

log = logging.getLogger("lastmile.intake")

ORDER = spec_of(OrderRequested).type


def chat_ref(message: ChatIn) -> ChatRef:
    return ChatRef(platform=message.platform, chat_id=message.chat_id, chat_type=message.chat_type,
                   sender_id=message.sender_id, message_id=message.message_id, revision=message.revision)


def safe_parse(text: str, ctx: ParseContext) -> ParseResult:
    """The parser is total (a property test shows it); this guard only keeps a future bug
    from turning a person's message into a dead letter without a reply."""
    try:
        return parse_message(text, ctx)
    except Exception:
        log.exception("parser failed on a message; answering bad_arguments")
        return Malformed("help", "unreadable")


def stranger_note(replier: Replier, message: ChatIn) -> str | None:
    """For the audit: an unbound sender id that is bound on another platform may be someone
    borrowing a neighbour's id there (ids are per platform; the sender only hears not_bound)."""
    if directory.platforms_of_sender(replier.tx.conn, message.sender_id):
        return "sender_id_bound_on_other_platform"
    return None


def respond(replier: Replier, message: ChatIn, result: ParseResult, previous_effect: str | None,
            policy: BindPolicy, hint_window: timedelta) -> str | None:
    """Emit what the message causes; return the type of intent emitted, if any."""
    person, lang = replier.person, replier.language
    if previous_effect and not (previous_effect == ORDER and getattr(result, "command", None) == "order"):
        replier.reject("edit_not_supported", hint=help_word(lang))
        return previous_effect
    if getattr(result, "implicit", False):
        result = implicit_orders.screen(replier, message, result, hint_window)
    if isinstance(result, Parsed) and result.line_keys:
        result = implicit_orders.only_new_lines(replier, message, result)
    if result is None:
        return None
    if isinstance(result, NotACommand):
        if message.chat_type == "direct" and person is None:
            replier.reject("not_bound", hint=bind_word(lang), note=stranger_note(replier, message))
        elif message.chat_type == "direct":  # chatter from someone bound: no attempt at anything
            replier.reject("unknown_command", hint=help_word(lang), audited=False)
        return None
    if isinstance(result, UnknownCommand):
        replier.reject("unknown_command", word=result.word, hint=help_word(lang))
        return None
    command = result.command
    if command == "help":
        replier.help(result.fields.get("topic"))
        return None
    if command == "bind" and isinstance(result, Parsed):
        return bind(replier, message, result.fields["code"], policy)
    if needs_binding(command) and person is None:
        replier.reject("not_bound", command=command, hint=bind_word(lang), note=stranger_note(replier, message))
        return None
    role = role_for(person.roles, command, getattr(result, "fields", {}), person.home) if person else None
    if person is not None and role is None:
        replier.reject("wrong_role", command=command, needed=roles_needed(command), role="|".join(person.roles))
        return None
    if isinstance(result, Malformed):
        replier.reject("bad_arguments", command=command, problem=result.problem,
                       detail=result.detail or None, usage=usage(command, lang))
        return None
    each = result.each
    if command == "proxy":
        fields, refused = proxy.resolve(replier.tx.conn, result.fields, person.person_id)
        if refused:
            replier.reject(refused.reason, command=command, **refused.params)
            return None
        each = (fields,)
    try:  # several ids (`消杀 M1 M2 M3`): one intent each, each answered
        intents = [intent_for(command, person.actor(role), replier.chat, fields) for fields in each]
    except ValidationError as exc:
        replier.reject("bad_arguments", command=command, problem="invalid",
                       detail=str(exc.errors()[0]["msg"])[:200], usage=usage(command, lang))
        return None
    for intent in intents:
        replier.tx.emit(intent)
    return spec_of(intents[0]).type


def too_long(replier: Replier, message: ChatIn, result: ParseResult, seen) -> str | None:
    """The adapter had to cut the text: never act on part of what someone wrote. Long
    chatter in a group stays chatter."""
    if not (message.chat_type == "group" and isinstance(result, NotACommand)):
        replier.reject("text_too_long", limit=str(MAX_TEXT))
    return seen.effect if seen else None


def make_chat_handler(settings: IntakeSettings):
    tz, policy, hint_window = settings.tz, settings.bind_policy, settings.order_hint_window

    def handle_chat(tx: Tx, incoming: Incoming[ChatIn]) -> None:
        """Every message people write, from any platform's adapter."""
        message = incoming.payload
        tx.correlation_id = message.correlation_id
        chat = chat_ref(message)
        seen = revisions.last_seen(tx.conn, chat.message_key)
        if seen is not None and seen.revision >= message.revision:
            return  # an older (or the same) revision after a newer one: the newer stands
        person = directory.person_of(tx.conn, message.platform, message.sender_id)
        language = person.language if person else guess_language(message.text)
        replier = Replier(tx, chat, person, language)
        result = safe_parse(message.text, ParseContext(now=tx.now, tz=tz))
        if message.truncated:
            effect = too_long(replier, message, result, seen)
        else:
            effect = respond(replier, message, result, seen.effect if seen else None, policy, hint_window)
        revisions.record(tx.conn, chat.message_key, message.revision, effect, now=tx.now, first=seen is None)

    return handle_chat
