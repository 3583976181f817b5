"""Vendors and their licences."""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from sqlalchemy import Connection, bindparam, insert, select, update

from ..domain.licences import LicenceFacts
from ..tables import Vendor, licences, vendors


def add_vendor(conn: Connection, *, vendor_id: str, name: str, guaranteed: bool, status: str,
               registered_by: str, now: datetime, licence_list: Iterable[LicenceFacts]) -> None:
    conn.execute(insert(vendors).values(id=vendor_id, name=name, guaranteed=guaranteed, status=status,
                                        registered_by=registered_by, registered_at=now))
    conn.execute(insert(licences), [
        {"vendor_id": vendor_id, "kind": lic.kind, "number": lic.number, "expires_on": lic.expires_on}
        for lic in licence_list
    ])


GET_VENDOR = select(vendors).where(vendors.c.id == bindparam("v"))


def get_vendor(conn: Connection, vendor_id: str) -> Vendor | None:
    row = conn.execute(GET_VENDOR, {"v": vendor_id}).first()
    return Vendor.model_validate(row._mapping) if row else None


def licences_of(conn: Connection, vendor_id: str) -> list[LicenceFacts]:
    rows = conn.execute(select(licences.c.kind, licences.c.number, licences.c.expires_on)
                        .where(licences.c.vendor_id == vendor_id).order_by(licences.c.kind))
    return [LicenceFacts(row.kind, row.number, row.expires_on) for row in rows]


def set_status(conn: Connection, vendor_id: str, status: str) -> None:
    conn.execute(update(vendors).where(vendors.c.id == vendor_id).values(status=status))
