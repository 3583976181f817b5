"""delivery's read models of others' events: people from intake's roster, order sheets from
vetting. A sheet may arrive after its delivery was released: planning then happens here."""

from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.intake import PersonRegistered
from shared.contracts.vetting import SheetIssued
from shared.runtime.tx import Tx

from . import planning
from .db import people, sheets
from .domain.plans import SheetLine


def on_person(tx: Tx, event: PersonRegistered, _envelope: Envelope) -> None:
    admin = event.building_for("building_admin") if "building_admin" in event.all_roles() else None
    people.save(tx.conn, person_id=event.person_id, name=event.name, role=event.role,
                building=event.building, room=event.room, language=event.language, admin_building=admin)


def on_sheet(tx: Tx, event: SheetIssued, _envelope: Envelope) -> None:
    lines = [SheetLine(x.building, x.room, x.item, x.qty) for x in event.lines]
    sheets.save(tx.conn, groupbuy_id=event.groupbuy_id, vendor_id=event.vendor_id,
                vendor_name=event.vendor_name, lines=lines)
    planning.plan_waiting(tx, event.groupbuy_id)
