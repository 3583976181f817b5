"""What `/status GB12` shows to whom: everyone sees each item's progress; a household its
own lines; a building admin the rooms of their building; the buy's leader and the
committee every building."""

from __future__ import annotations

ALL, BUILDING, HOUSEHOLD = "all", "building", "household"


def scope_for(role: str, person_id: str, leader_id: str) -> str:
    if role == "committee" or person_id == leader_id:
        return ALL
    if role == "building_admin":
        return BUILDING
    return HOUSEHOLD
