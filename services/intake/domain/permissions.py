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


# `/status` answers with what the role may see: the widest of a person's roles.
WIDEST_FIRST = ("committee", "property", "guard", "volunteer", "building_admin", "group_leader", "resident")


def may(role: str, command: str) -> bool:
    allowed = ALLOWED[command]
    return ANYONE in allowed or BOUND in allowed or role in allowed


def role_for(roles: tuple[str, ...], command: str, fields: dict, home: tuple[str, str] | None) -> str | None:
    """The one of a person's roles a command is done as, or None when none of them may.
    A building admin's `/med 3-1202 …` for another household is the admin's; for their own
    home (or with no room named) it is the resident's."""
    allowed = [r for r in roles if may(r, command)]
    if not allowed:
        return None
    if command == "status":
        return min(allowed, key=WIDEST_FIRST.index)
    if command == "med" and "building_admin" in allowed and "resident" in allowed:
        named = (fields.get("building"), fields.get("room"))
        return "building_admin" if named[1] and named != home else "resident"
    return allowed[0]


def roles_needed(command: str) -> str:
    """For the refusal: `group_leader|committee`."""
    return "|".join(ALLOWED[command])
