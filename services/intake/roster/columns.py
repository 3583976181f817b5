"""The words a committee's spreadsheet may use: column headers and role names in English or
Chinese, and building/room cells as people type them (`5号楼`, `1101室`, `5-1101`)."""

from __future__ import annotations

import re
import unicodedata

from shared.contracts.intake import ROLES

HEADERS = {
    "building": ("building", "楼栋", "楼号", "楼"),
    "room": ("room", "房号", "房间", "室", "门牌号"),
    "name": ("name", "姓名", "名字"),
    "roles": ("roles", "role", "角色", "身份"),
    "language": ("language", "lang", "语言"),
    "admin_building": ("admin_building", "管理楼栋"),
    "person_id": ("person_id", "id", "编号"),
}
REQUIRED = ("building", "room", "name", "roles")
ROLE_WORDS = {
    "居民": "resident", "住户": "resident",
    "楼栋团购管理员": "building_admin", "楼栋管理员": "building_admin", "团购管理员": "building_admin",
    "楼长": "building_admin", "楼组长": "building_admin",
    "团长": "group_leader", "居委": "committee", "居委会": "committee", "物业": "property",
    "保安": "guard", "门卫": "guard", "志愿者": "volunteer",
}
ROLE_SPLIT = re.compile(r"[;；,，、/|+\s]+")
BUILDING_SUFFIX = re.compile(r"(号楼|号|栋|幢|楼)$")
ROOM_SUFFIX = re.compile(r"(室|号)$")


def fold(cell: str) -> str:
    """Full-width digits and letters (`５号楼`) as ASCII; outer spaces gone."""
    return unicodedata.normalize("NFKC", cell).strip()


def column_of(header: str) -> str | None:
    word = fold(header).lower().replace(" ", "_")
    return next((column for column, names in HEADERS.items() if word in names), None)


def role_of(word: str) -> str | None:
    english = word.lower().replace(" ", "_").replace("-", "_")
    return english if english in ROLES else ROLE_WORDS.get(word)


def split_roles(cell: str) -> list[str]:
    return [w for w in ROLE_SPLIT.split(fold(cell)) if w]


def building_cell(cell: str) -> str:
    return BUILDING_SUFFIX.sub("", fold(cell)).upper()


def room_cell(cell: str) -> str:
    return ROOM_SUFFIX.sub("", fold(cell)).upper()
