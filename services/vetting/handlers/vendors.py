"""Vendors: registration (with the guaranteed-supply policy), the committee's decision, and
the stored timer that suspends a vendor the moment a licence expires."""

from __future__ import annotations

from shared.runtime.counters import next_number
from shared.contracts.intake import DecisionRequested, VendorRegistrationRequested
from shared.contracts.vetting import (Licence, VendorApproved, VendorRefused, VendorRegistered,
                                      VendorSuspended)
from shared.runtime.timers import Timer
from shared.runtime.tx import Tx

from ..db import vendors as db
from ..domain import licences as lic
from ..domain import vendors as rules_of
from ..domain.ids import VENDOR, format_id
from ..domain.refusals import refuse
from .context import Rules, answer, refusal, refuse_request
from .warnings import warn_open_groupbuys

LICENCE_TIMER = "vendor.licence_expiry"


def on_registration(rules: Rules, tx: Tx, intent: VendorRegistrationRequested, _envelope=None) -> None:
    """A leader or the committee registers a vendor; policy may approve it at once."""
    facts = tuple(lic.by_kind(lic.LicenceFacts(x.kind, x.number.strip(), x.expires_on)
                              for x in intent.licences).values())
    registration = rules_of.Registration(intent.actor.role, intent.name.strip(), facts, intent.guaranteed)
    problem = rules_of.registration_problem(registration, tx.now, rules.tz)
    if problem:
        tx.emit(VendorRefused(**answer(intent), name=intent.name, **refusal(problem)))
        return
    vendor_id = format_id(VENDOR, next_number(tx.conn, VENDOR))
    by_policy = rules_of.approved_by_policy(intent.guaranteed, facts, tx.now, rules.tz,
                                            policy_on=rules.auto_approve_vendors)
    db.add_vendor(tx.conn, vendor_id=vendor_id, name=registration.name, guaranteed=intent.guaranteed,
                  status=rules_of.APPROVED if by_policy else rules_of.PENDING,
                  registered_by=intent.actor.person_id, now=tx.now, licence_list=facts)
    first = lic.first_expiring(facts)
    tx.schedule(LICENCE_TIMER, vendor_id, lic.expires_at(first, rules.tz))
    tx.emit(VendorRegistered(**answer(intent), vendor_id=vendor_id, name=registration.name,
                             guaranteed=intent.guaranteed,
                             licences=[Licence(kind=f.kind, number=f.number, expires_on=f.expires_on)
                                       for f in facts]))
    if by_policy:
        tx.emit(VendorApproved(**answer(intent), vendor_id=vendor_id, name=registration.name, by="policy"))


def decide(rules: Rules, tx: Tx, intent: DecisionRequested, vendor_id: str) -> None:
    """The committee approves or rejects vendor `vendor_id`."""
    vendor = db.get_vendor(tx.conn, vendor_id)
    if vendor is None:
        refuse_request(tx, intent, "decision.requested", vendor_id, refuse("unknown_vendor", target=vendor_id))
        return
    if intent.decision == "reject":
        _reject(tx, intent, vendor)
        return
    problem = rules_of.approval_problem(vendor.status, db.licences_of(tx.conn, vendor_id), tx.now, rules.tz)
    if problem and problem.reason.startswith("already_"):
        refuse_request(tx, intent, "decision.requested", vendor_id, problem)
    elif problem:
        tx.emit(VendorRefused(**answer(intent), vendor_id=vendor_id, name=vendor.name, **refusal(problem)))
    else:
        db.set_status(tx.conn, vendor_id, rules_of.APPROVED)
        tx.emit(VendorApproved(**answer(intent), vendor_id=vendor_id, name=vendor.name, by="committee"))


def _reject(tx: Tx, intent: DecisionRequested, vendor) -> None:
    problem = rules_of.rejection_problem(vendor.status)
    if problem:
        refuse_request(tx, intent, "decision.requested", vendor.id, problem)
        return
    was_approved = vendor.status == rules_of.APPROVED
    db.set_status(tx.conn, vendor.id, rules_of.REFUSED)
    tx.emit(VendorRefused(**answer(intent), vendor_id=vendor.id, name=vendor.name,
                          reason="rejected_by_committee", params={"reason": intent.reason or ""}))
    if was_approved:
        warn_open_groupbuys(tx, vendor.id, "vendor_refused", {"vendor_id": vendor.id, "vendor": vendor.name})


def on_licence_expiry(rules: Rules, tx: Tx, timer: Timer) -> None:
    """A licence ran out: suspend the vendor and warn the leaders of its open group buys."""
    vendor = db.get_vendor(tx.conn, timer.key)
    if vendor is None or vendor.status in (rules_of.SUSPENDED, rules_of.REFUSED):
        return
    expired = lic.expired_one(db.licences_of(tx.conn, vendor.id), tx.now, rules.tz)
    if expired is None:  # renewed meanwhile (not possible yet): nothing to do
        return
    db.set_status(tx.conn, vendor.id, rules_of.SUSPENDED)
    params = {"vendor_id": vendor.id, "vendor": vendor.name, "licence_kind": expired.kind,
              "expired_on": expired.expires_on.isoformat()}
    warned = warn_open_groupbuys(tx, vendor.id, "vendor_suspended", params)
    tx.emit(VendorSuspended(vendor_id=vendor.id, name=vendor.name, reason="licence_expired",
                            licence_kind=expired.kind, expired_on=expired.expires_on,
                            open_groupbuys=warned))
