"""Every template renders in both languages with its parameters; every routed event has
one in each; every reason code in the docs has words; chat text never runs as a template."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from services.notify.domain.commands import COMMANDS
from services.notify.handlers.routed import payload_params
from services.notify.render.texts import LANGUAGES, TEMPLATES, Texts
from services.notify.routes import BY_SOURCE
from shared.contracts import holding as h
from shared.contracts import intake as i
from shared.contracts import vetting as v
from shared.contracts.registry import spec_of

ROOT = Path(__file__).resolve().parents[2]
TEXTS = Texts(ZoneInfo("Asia/Shanghai"))
AT = datetime(2022, 4, 10, 12, 0, tzinfo=timezone.utc)
REF = i.ChatRef(platform="terminal", chat_id="c", chat_type="direct", sender_id="s", message_id="m")
ITEM = v.Item(name="rice", category="grain_oil", price=Decimal("45"), min_qty=10)
WHO = {"person_id": "R1", "chat": REF, "language": "zh"}

SAMPLES = {
    i.MessageRejected: i.MessageRejected(chat=REF, language="zh", reason="bad_arguments",
                                         params={"command": "order", "problem": "bad_quantity", "detail": "x",
                                                 "usage": "/order GB12 2"}),
    i.HelpRequested: i.HelpRequested(chat=REF, language="zh", role="committee"),
    v.VendorRegistered: v.VendorRegistered(**WHO, vendor_id="V1", name="Fresh", licences=[], guaranteed=False),
    v.VendorApproved: v.VendorApproved(**WHO, vendor_id="V1", name="Fresh", by="policy"),
    v.VendorRefused: v.VendorRefused(**WHO, name="Fresh", reason="licence_expired",
                                     params={"kind": "food", "expires_on": "2022-01-01"}),
    v.VendorSuspended: v.VendorSuspended(vendor_id="V1", name="Fresh", reason="licence_expired",
                                         licence_kind="food", expired_on=date(2022, 4, 9), open_groupbuys=["GB1"]),
    v.GroupBuyProposed: v.GroupBuyProposed(**WHO, groupbuy_id="GB1", vendor_id="V1", leader_id="L1",
                                           deadline=AT, items=[ITEM]),
    v.GroupBuyRefused: v.GroupBuyRefused(**WHO, reason="non_essential", params={"item": "cake", "category": "snacks"},
                                         leader_id="L1"),
    v.GroupBuyApproved: v.GroupBuyApproved(**WHO, groupbuy_id="GB1", by="committee", leader_id="L1"),
    v.GroupBuyOpened: v.GroupBuyOpened(groupbuy_id="GB1", vendor_id="V1", vendor_name="Fresh", leader_id="L1",
                                       deadline=AT, items=[ITEM, ITEM.model_copy(update={"name": "oil"})]),
    v.GroupBuyClosed: v.GroupBuyClosed(groupbuy_id="GB1", vendor_id="V1", leader_id="L1", by="deadline",
                                       dropped_items=["oil"]),
    v.GroupBuyWarned: v.GroupBuyWarned(groupbuy_id="GB1", leader_id="L1", reason="vendor_suspended",
                                       params={"vendor_id": "V1", "vendor": "Fresh"}),
    v.OrderAccepted: v.OrderAccepted(**WHO, groupbuy_id="GB1", item="rice", qty=2, building="3", room="101",
                                     remaining_to_min=4),
    v.OrderRefused: v.OrderRefused(**WHO, reason="unknown_item", params={"item": "x", "items": "rice, oil"}),
    v.OrderCancelled: v.OrderCancelled(groupbuy_id="GB1", building="3", room="101", items=["oil"],
                                       reason="missed_minimum"),
    v.RequestRefused: v.RequestRefused(**WHO, request="decision.requested", target="V1", reason="already_decided",
                                       params={"status": "approved"}),
    v.VettingStatusReported: v.VettingStatusReported(**WHO, target="GB1", status="open", details={"rice": "12/10"}),
}
DEST = h.Destination(kind="parcel", building="3", room="101")
SAMPLES.update({
    h.ArrivalRegistered: h.ArrivalRegistered(**WHO, arrival_id="P1", destination=DEST, registered_at=AT,
                                             disinfect_by=AT),
    h.ArrivalRefused: h.ArrivalRefused(**WHO, kind="groupbuy", groupbuy_ref="GB9", reason="groupbuy_unknown",
                                       params={"groupbuy": "GB9"}, guard_action="turn_away"),
    h.ArrivalDisinfected: h.ArrivalDisinfected(**WHO, arrival_id="P1", by="R2", method="spray", at=AT, late=True),
    h.DisinfectionOverdue: h.DisinfectionOverdue(arrival_id="P1", destination=DEST, registered_at=AT,
                                                 disinfect_by=AT, overdue_since=AT),
    h.HoldExtended: h.HoldExtended(**WHO, arrival_id="P1", by="R2", hours=2, reason="rain", previous_due_at=AT,
                                   due_at=AT),
    h.HoldReleased: h.HoldReleased(arrival_id="P1", destination=DEST, registered_at=AT, disinfected_at=AT,
                                   due_at=AT, released_at=AT),
    h.ZoneChanged: h.ZoneChanged(**WHO, level="sealed", previous="controlled", hold_hours=4, by="C1"),
    h.GateRequestRefused: h.GateRequestRefused(**WHO, request="disinfection.requested", reason="unknown_arrival",
                                               params={"ref": "A9"}),
    h.GateStatusReported: h.GateStatusReported(**WHO, zone="sealed", counts={"held": 1},
                                               items=[h.GateItem(arrival_id="P1", state="held", destination=DEST,
                                                                 due_at=AT)]),
})
REACH = [{"platform": "terminal", "chat_id": "g", "audience": "3"}]
OWN = {  # notify's own templates and their parameters
    "intake/identity.bound": {"name": "Li", "role": "resident", "building": "3", "room": "101"},
    "notify/groupchat.registered": {"audience": "3"},
    "notify/groupchat.not_a_group": {},
    "notify/committee_only": {},
    "notify/announcement": {"text": "hello", "audience": "all"},
    "notify/announcement.no_groups": {"audience": "all"},
    "notify/announcement.queued": {"broadcast_id": "B1", "groups": 3},
    "notify/bulletin.line_added": {"day": date(2022, 4, 10)},
    "notify/bulletin": {"day": date(2022, 4, 10), "figures": {"orders": 3}, "order": ["orders"],
                        "additions": ["line"]},
    "notify/broadcast.reported": {"broadcast_id": "B1", "kind": "announcement", "reached": REACH,
                                  "missed": REACH, "complete": False},
}


def routed():
    for source, routes in BY_SOURCE.items():
        for model, route in routes.items():
            for item in route.says:
                yield source, model, route, item.template


def test_every_routed_event_has_a_sample_and_a_template_in_each_language():
    for _source, model, _route, template in routed():
        assert model in SAMPLES, f"no sample of {spec_of(model).type}"
        for language in LANGUAGES:
            assert TEXTS.has(language, template), f"{language}/{template}.j2 is missing"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_renders_with_its_parameters(language):
    rendered = set()
    for source, model, route, template in routed():
        text = TEXTS.render(template, language, **payload_params(TEXTS_CTX, route, SAMPLES[model], source)(language))
        assert text and "{{" not in text, template
        rendered.add(template)
    for template, params in OWN.items():
        assert TEXTS.render(template, language, **params)
        rendered.add(template)
    on_disk = {str(p.relative_to(TEMPLATES / language).with_suffix("")) for p in (TEMPLATES / language).rglob("*.j2")}
    assert on_disk == rendered, "a template is neither routed nor listed in OWN"


def test_both_languages_have_the_same_templates_and_texts():
    files = [{str(p.relative_to(TEMPLATES / lang)) for p in (TEMPLATES / lang).rglob("*.j2")} for lang in LANGUAGES]
    assert files[0] == files[1]
    zh, en = (TEXTS.catalogue(lang) for lang in LANGUAGES)
    for section in ("roles", "figures", "usage", "commands", "problems"):
        assert set(zh[section]) == set(en[section]), section
    assert set(COMMANDS) == set(zh["usage"]) == set(zh["commands"])


def doc_reasons() -> list[tuple[str, str, list[str]]]:
    """(source, reason, params) from the refusal tables of docs/commands.md and docs/vetting.md."""
    found = []
    for row in re.findall(r"^\| `([a-z_]+)` \| [^|]+\| ([^|]*)\|", (ROOT / "docs/commands.md").read_text(), re.M):
        found.append(("intake", row[0], re.findall(r"`([a-z_]+)`", row[1].split("(")[0])))
    vetting = (ROOT / "docs/vetting.md").read_text().split("## Reason codes")[1].split("##")[0]
    for line in vetting.splitlines():
        if line.startswith("| ") and not line.startswith(("| event", "| ---")):
            for reason, params in re.findall(r"([a-z_]+(?: / [a-z_]+)*)(?: \(([^)]*)\))?", line.split("|")[2]):
                for code in reason.split(" / "):
                    found.append(("vetting", code, re.findall(r"[a-z_]+", (params or "").replace(" or ", " "))))
    holding = (ROOT / "shared/contracts/holding.py").read_text()
    for block in re.findall(r"reasons \(params\):(.*?)\.(?:\s|\")", holding, re.S):
        for code, params in re.findall(r"([a-z_]+)(?: \(([^)]*)\))?", " ".join(block.split())):
            found.append(("holding", code, re.findall(r"[a-z_]+", params or "")))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_documented_reason_has_words(language):
    reasons = doc_reasons()
    assert len(reasons) > 40
    for source, code, params in reasons:
        assert code in TEXTS.catalogue(language)["reasons"][source], f"{source}/{code} has no {language} text"
        values = {p: "1" for p in params if p != "or"} | {"problem": "bad_id", "needed": "committee", "role": "resident"}
        text = TEXTS.reason(language, source, code, values)
        assert text and text != code, f"{source}/{code} did not render in {language}"


def test_chat_text_is_printed_never_run():
    hostile = "{{ ''.__class__.__mro__[1].__subclasses__() }} {% for x in range(10**9) %}{% endfor %}"
    for language in LANGUAGES:
        text = TEXTS.render("notify/announcement", language, text=hostile, audience="all")
        assert hostile in text
        refusal = TEXTS.reason(language, "intake", "bad_arguments",
                               {"command": "order", "problem": "bad_id", "detail": hostile, "usage": "u"})
        assert hostile in refusal


class _Ctx:
    texts = TEXTS


TEXTS_CTX = _Ctx()
