"""Order sheets, from vetting's `sheet.issued`."""

from __future__ import annotations

from sqlalchemy import Connection, RowMapping, delete, insert, select

from ..domain.plans import SheetLine
from ..tables import sheet_lines, sheets
from . import upsert


def save(conn: Connection, *, groupbuy_id: str, vendor_id: str, vendor_name: str, lines: list[SheetLine]) -> None:
    """The sheet as issued; a sheet issued again replaces the earlier one."""
    upsert(conn, sheets, {"groupbuy_id": groupbuy_id}, {"vendor_id": vendor_id, "vendor_name": vendor_name})
    conn.execute(delete(sheet_lines).where(sheet_lines.c.groupbuy_id == groupbuy_id))
    merged: dict[tuple[str, str, str], int] = {}
    for line in lines:
        key = (line.building, line.room, line.item)
        merged[key] = merged.get(key, 0) + line.qty
    if merged:
        conn.execute(insert(sheet_lines), [
            {"groupbuy_id": groupbuy_id, "building": b, "room": r, "item": i, "qty": q}
            for (b, r, i), q in merged.items()
        ])


def get(conn: Connection, groupbuy_id: str) -> RowMapping | None:
    return conn.execute(select(sheets).where(sheets.c.groupbuy_id == groupbuy_id)).mappings().first()


def lines(conn: Connection, groupbuy_id: str) -> list[SheetLine]:
    rows = conn.execute(select(sheet_lines).where(sheet_lines.c.groupbuy_id == groupbuy_id)).mappings()
    return [SheetLine(r["building"], r["room"], r["item"], r["qty"]) for r in rows]
