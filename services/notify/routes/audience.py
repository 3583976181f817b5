"""Audiences for the routing table: functions from an event's payload to a `Target`."""

from __future__ import annotations

from .model import Payload, Target


def reply(payload: Payload) -> Target | None:
    """The chat message that asked, threaded; nothing for timer-driven events."""
    chat = getattr(payload, "chat", None)
    return Target("reply", chat=chat) if chat is not None else None


def person(field: str):
    def audience(payload: Payload) -> Target | None:
        value = getattr(payload, field, None)
        return Target("person", value=(value,)) if value else None
    return audience


def reply_else(other):
    """Reply when someone asked; otherwise (a timer did it) tell `other`."""
    def audience(payload: Payload) -> Target | None:
        return reply(payload) or other(payload)
    return audience


def household_of(get):
    """`get(payload)` gives (building, room), or None when the event is for no household."""
    def audience(payload: Payload) -> Target | None:
        found = get(payload)
        return Target("household", value=found) if found and all(found) else None
    return audience


def housemates(payload: Payload) -> Target | None:
    """Everyone else who lives in the event's household (`building`, `room`): the one who
    asked (`person_id`) hears it as the reply. Nobody else there: nothing to send, nothing
    waits (a household of one is no unreached notice)."""
    if not (getattr(payload, "building", None) and getattr(payload, "room", None)):
        return None
    return Target("housemates", value=(payload.building, payload.room, getattr(payload, "person_id", None) or ""))


def role(name: str):
    return lambda _payload: Target("role", value=(name,))


def groups(audience: str = "all"):
    return lambda _payload: Target("groups", value=(audience,))


def other_than_asker(field: str):
    """For `when`: the person named in `field` is not the one who asked (tell them too)."""
    def check(payload: Payload) -> bool:
        value = getattr(payload, field, None)
        return bool(value) and value != getattr(payload, "person_id", None)
    return check
