"""holding's read model of vetting: which group buys may deliver, which vendors may supply.

Vetting publishes a vendor's approval before any of its group buys opens, on one stream
that one durable consumer reads in order, so the model is never ahead of itself.
"""

from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.vetting import (
    GroupBuyClosed, GroupBuyOpened, GroupBuyRefused, VendorApproved, VendorSuspended,
)
from shared.runtime.tx import Tx

from . import queries


def on_vendor_approved(tx: Tx, event: VendorApproved, _envelope: Envelope) -> None:
    queries.set_vendor(tx.conn, event.vendor_id, name=event.name, state="approved")


def on_vendor_suspended(tx: Tx, event: VendorSuspended, _envelope: Envelope) -> None:
    queries.set_vendor(tx.conn, event.vendor_id, name=event.name, state="suspended", reason=event.reason)


def on_groupbuy_opened(tx: Tx, event: GroupBuyOpened, _envelope: Envelope) -> None:
    queries.set_groupbuy(tx.conn, event.groupbuy_id, state="open", vendor_id=event.vendor_id)


def on_groupbuy_closed(tx: Tx, event: GroupBuyClosed, _envelope: Envelope) -> None:
    """Closed after being open: approved, so its delivery is still expected at the gate."""
    queries.set_groupbuy(tx.conn, event.groupbuy_id, state="closed", vendor_id=event.vendor_id)


def on_groupbuy_refused(tx: Tx, event: GroupBuyRefused, _envelope: Envelope) -> None:
    if event.groupbuy_id is None:  # refused before it got an id: nothing can deliver for it
        return
    queries.set_groupbuy(tx.conn, event.groupbuy_id, state="refused", reason=event.reason)
