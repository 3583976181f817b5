"""Who may ask holding for what. intake checks roles first; holding checks again so a
mis-parsed or mis-routed intent never changes the gate area."""

from __future__ import annotations

ALLOWED = {
    "arrival.requested": {"guard", "property", "committee"},
    "disinfection.requested": {"property", "committee"},
    "hold.extension_requested": {"property", "committee"},
    "zone.change_requested": {"committee"},
}

SEES_NOTES = {"guard", "property", "committee"}


def may(role: str, intent: str) -> bool:
    return role in ALLOWED[intent]


def sees_notes(role: str) -> bool:
    """Notes may carry medical details: only the gate's staff and the committee see them."""
    return role in SEES_NOTES
