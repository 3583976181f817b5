"""Which intent each parsed command becomes (approve and reject share one)."""

from __future__ import annotations

from shared.contracts import intake as c
from shared.contracts.registry import Payload

INTENTS: dict[str, type[c.Intent]] = {
    "vendor": c.VendorRegistrationRequested, "groupbuy": c.GroupBuyProposalRequested,
    "approve": c.DecisionRequested, "reject": c.DecisionRequested,
    "order": c.OrderRequested, "cancel": c.OrderCancelRequested, "close": c.GroupBuyCloseRequested,
    "arrive": c.ArrivalRequested, "disinfect": c.DisinfectionRequested,
    "zone": c.ZoneChangeRequested, "extend": c.HoldExtensionRequested,
    "racked": c.RackRequested, "picked": c.PickupRequested, "proxy": c.ProxyRequested,
    "announce": c.AnnouncementRequested, "groupchat": c.GroupChatRegistrationRequested,
    "bulletin": c.BulletinAdditionRequested, "status": c.StatusRequested,
    "med": c.MedicineRequested, "urgency": c.MedicineUrgencyChangeRequested, "run": c.MedicineRunRequested,
    "bought": c.MedicineOutcomeRequested, "substitute": c.MedicineOutcomeRequested,
    "unavailable": c.MedicineOutcomeRequested, "accept": c.MedicineSubstituteAnswerRequested,
    "decline": c.MedicineSubstituteAnswerRequested, "handoff": c.MedicineHandoffRequested,
}


def intent_for(command: str, actor: c.Actor, chat: c.ChatRef, fields: dict) -> Payload:
    return INTENTS[command](actor=actor, chat=chat, **fields)
