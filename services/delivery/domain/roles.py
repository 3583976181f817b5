"""Who may ask delivery for what. intake checks roles first; delivery checks again so a
mis-routed intent never changes a rack."""

from __future__ import annotations

ALLOWED = {
    "rack.requested": {"property", "volunteer", "committee"},
    "pickup.requested": {"resident"},
    "proxy.requested": {"resident"},
}

STAFF = {"property", "volunteer", "committee", "guard", "group_leader"}


def may(role: str, intent: str) -> bool:
    return role in ALLOWED[intent]


def sees_everything(role: str) -> bool:
    """Staff and the committee see every rack; residents their households, admins their building."""
    return role in STAFF
