"""Warning the leaders of a vendor's open group buys (they stay open: the leader decides)."""

from __future__ import annotations

from shared.contracts.vetting import GroupBuyWarned
from shared.runtime.tx import Tx

from ..db import groupbuys as db
from ..domain.groupbuys import OPEN


def warn_open_groupbuys(tx: Tx, vendor_id: str, reason: str, params: dict[str, str]) -> list[str]:
    """Emit one groupbuy.warned per open buy of the vendor; returns their ids."""
    warned = []
    for buy in db.ids_of_vendor(tx.conn, vendor_id, OPEN):
        tx.emit(GroupBuyWarned(person_id=buy.leader_id, language=buy.leader_language,
                               groupbuy_id=buy.id, leader_id=buy.leader_id, reason=reason, params=params))
        warned.append(buy.id)
    return warned
