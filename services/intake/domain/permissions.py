"""Who may use which command. Intake checks the role; the owning service checks the rest."""

from __future__ import annotations

ANYONE = "anyone"  # even before binding: help and bind itself
BOUND = "bound"    # any person from the roster

ALLOWED: dict[str, tuple[str, ...]] = {
    "help": (ANYONE,), "bind": (ANYONE,), "status": (BOUND,),
    "vendor": ("group_leader", "committee"),
    "groupbuy": ("group_leader",),
    "approve": ("committee",), "reject": ("committee",),
    "order": ("resident",), "cancel": ("resident",), "close": ("group_leader",),
    "arrive": ("guard",),
    "disinfect": ("property",), "extend": ("property",),
    "zone": ("committee",),
    "racked": ("property", "volunteer"),
    "picked": ("resident",), "proxy": ("resident",),
    "announce": ("committee",), "groupchat": ("committee",), "bulletin": ("committee",),
    "med": ("resident", "building_admin"), "urgency": ("committee",),
    "run": ("volunteer",), "bought": ("volunteer",), "substitute": ("volunteer",),
    "unavailable": ("volunteer",), "handoff": ("volunteer",),
    "accept": ("resident", "building_admin"), "decline": ("resident", "building_admin"),
}


def needs_binding(command: str) -> bool:
    return ALLOWED[command] != (ANYONE,)


def may(role: str, command: str) -> bool:
    allowed = ALLOWED[command]
    return ANYONE in allowed or BOUND in allowed or role in allowed


def roles_needed(command: str) -> str:
    """For the refusal: `group_leader|committee`."""
    return "|".join(ALLOWED[command])
