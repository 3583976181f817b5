"""The commands of docs/commands.md and who may use them: what the help lists per role.

The words (usage and what each does) are in each language's texts.toml; this is only the
order and the roles, which intake enforces and help must agree with.
"""

from __future__ import annotations

ANYONE = "anyone"
BOUND = "bound"

COMMANDS: dict[str, tuple[str, ...]] = {
    "help": (ANYONE,), "bind": (ANYONE,), "status": (BOUND,),
    "order": ("resident",), "cancel": ("resident",), "picked": ("resident",), "proxy": ("resident",),
    "vendor": ("group_leader", "committee"), "groupbuy": ("group_leader",), "close": ("group_leader",),
    "approve": ("committee",), "reject": ("committee",), "zone": ("committee",),
    "announce": ("committee",), "groupchat": ("committee",), "bulletin": ("committee",),
    "arrive": ("guard",), "disinfect": ("property",), "extend": ("property",),
    "racked": ("property", "volunteer"),
    "med": ("resident", "building_admin"), "accept": ("resident", "building_admin"),
    "decline": ("resident", "building_admin"), "urgency": ("committee",),
    "run": ("volunteer",), "bought": ("volunteer",), "substitute": ("volunteer",),
    "unavailable": ("volunteer",), "handoff": ("volunteer",),
}


def commands_for(roles: list[str]) -> list[str]:
    """What this person may use: everything open to anyone, and once bound each role's."""
    allowed = []
    for name, needed in COMMANDS.items():
        if ANYONE in needed or (roles and (BOUND in needed or any(r in needed for r in roles))):
            allowed.append(name)
    return allowed
