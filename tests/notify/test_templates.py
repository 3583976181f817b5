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
from shared.contracts import delivery as d
from shared.contracts import holding as h
from shared.contracts import intake as i
from shared.contracts import medicine as m
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
    v.VettingStatusReported: v.VettingStatusReported(
        **WHO, target="GB1", status="open", vendor_id="V1", deadline=AT, scope="household:3/101",
        items=[v.ItemProgress(name="rice", category="grain_oil", price=Decimal("45"), ordered=6, min_qty=10,
                              remaining_to_min=4), v.ItemProgress(name="oil", category="snacks", price=Decimal("9"),
                                                                  ordered=2)],
        lines=[v.OrderedQuantity(building="3", room="101", item="rice", qty=2)]),
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
PORTION = d.DeliveryTask(item_id="D1", kind="portion", building="3", rack="3",
                         handouts=[d.RoomHandout(room="101", lines=[d.HandoutLine(item="rice", qty=2)])],
                         totals=[d.HandoutLine(item="rice", qty=2)])
PARCEL = d.DeliveryTask(item_id="P1", kind="parcel", building="3", rack="3", room="101")
ON_RACK = {"item_id": "D1", "kind": "portion", "building": "3", "room": "101", "rack": "3", "slot": "B2",
           "racked_at": AT, "lines": [d.HandoutLine(item="rice", qty=2)]}
SAMPLES.update({
    d.DeliveryPlanned: d.DeliveryPlanned(arrival_id="A1", kind="groupbuy", groupbuy_id="GB1", vendor_name="Fresh",
                                         boxes=4, released_at=AT, tasks=[PORTION, PARCEL]),
    d.DeliveryAwaitingSheet: d.DeliveryAwaitingSheet(arrival_id="A1", groupbuy_id="GB1", released_at=AT),
    d.DeliveryHeldBack: d.DeliveryHeldBack(arrival_id="A2", groupbuy_id="GB1", reason="groupbuy_already_planned",
                                           params={"groupbuy": "GB1", "earlier_arrival": "A1"}),
    d.RackConfirmed: d.RackConfirmed(**WHO, item_id="P1", kind="parcel", building="3", rack="3", slot="B2",
                                     notified=2),
    d.ItemRacked: d.ItemRacked(person_id="R1", language="zh", **ON_RACK, groupbuy_id="GB1", vendor_name="Fresh",
                               note="fragile", as_proxy=True, moved=True),
    d.DeliveryRequestRefused: d.DeliveryRequestRefused(**WHO, request="rack.requested", target="A1",
                                                       reason="portion_required",
                                                       params={"ref": "A1", "portions": "D1@3 D2@5"}),
    d.ItemPickedUp: d.ItemPickedUp(**WHO, item_id="P1", kind="parcel", building="3", room="101", picked_by="R4",
                                   by_proxy=True, picked_at=AT, household=["R1"]),
    d.PickupRefused: d.PickupRefused(**WHO, item_ref="P1", reason="already_picked_up",
                                     params={"item": "P1", "room": "101", "at": AT.isoformat()}),
    d.ProxyNamed: d.ProxyNamed(**WHO, proxy_id="R4", proxy_name="Wang", building="3", room="101"),
    d.ReminderDue: d.ReminderDue(person_id="R4", language="zh", **ON_RACK, waiting_hours=4.5, number=1,
                                 as_proxy=True),
    d.ItemEscalated: d.ItemEscalated(person_id="R8", language="zh", item_id="D1", kind="portion", building="3",
                                     rack="3", racked_at=AT, waiting_hours=24.0, rooms=["101", "102"],
                                     to_committee=True),
    d.DeliveryStatusReported: d.DeliveryStatusReported(**WHO, counts={"racked": 1}, items=[
        d.RackItem(item_id="D1", kind="portion", building="3", state="racked", slot="B2", racked_at=AT,
                   waiting_households=3)]),
})
NEED = {"requester_id": "R1", "requester_language": "zh"}
SAMPLES.update({
    m.MedicineRequestAccepted: m.MedicineRequestAccepted(**WHO, request_id="MR1", building="3", room="101",
                                                         hospital="Ruijin", drug="insulin", dose="2 boxes",
                                                         days_left=1, vulnerable=True, note="fridge", urgency=2,
                                                         position=1, on_behalf=True),
    m.MedicineRequestRefused: m.MedicineRequestRefused(**WHO, request="medicine.run_requested", reason="nothing_queued",
                                                       params={"hospital": "Ruijin", "waiting": "Huashan×2"}),
    m.MedicineUrgencyChanged: m.MedicineUrgencyChanged(**WHO, **NEED, request_id="MR1", previous=4, urgency=2,
                                                       reason="seen by doctor", by="R9"),
    m.MedicineRunClaimed: m.MedicineRunClaimed(**WHO, run_id="HR1", hospital="Ruijin", volunteer_id="R7", items=[
        m.RunItem(request_id="MR1", urgency=1, drug="insulin", dose="2 boxes", note="fridge", **NEED)],
        left_in_queue=3),
    m.MedicineBought: m.MedicineBought(**WHO, **NEED, request_id="MR1", run_id="HR1", substitute=True),
    m.MedicineSubstituteProposed: m.MedicineSubstituteProposed(**WHO, **NEED, request_id="MR1", run_id="HR1",
                                                               drug="insulin", substitute="other", note="ok",
                                                               answer_by=AT),
    m.MedicineSubstituteConfirmed: m.MedicineSubstituteConfirmed(**WHO, **NEED, request_id="MR1", run_id="HR1",
                                                                 volunteer_id="R7"),
    m.MedicineSubstituteDeclined: m.MedicineSubstituteDeclined(**NEED, request_id="MR1", run_id="HR1",
                                                               volunteer_id="R7", timed_out=True,
                                                               returned_to="unavailable"),
    m.MedicineUnavailable: m.MedicineUnavailable(**WHO, **NEED, request_id="MR1", run_id="HR1", reason="none left"),
    m.MedicineHandoffConfirmed: m.MedicineHandoffConfirmed(**WHO, run_id="HR1", requests=["MR1", "MR3"], open=["MR4"]),
    m.MedicineHandedOff: m.MedicineHandedOff(request_id="MR1", run_id="HR1", building="3", room="101", by="R7",
                                             at=AT, **NEED),
    m.MedicineStatusReported: m.MedicineStatusReported(**WHO, queue={"Ruijin": {"1": 2, "4": 1}}, requests=[
        m.RequestView(request_id="MR1", state="in_run", urgency=1, hospital="Ruijin", building="3", room="101",
                      run_id="HR1", arrival_id="M1", drug="insulin", dose="2", note="n", substitute="s")]),
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
    "notify/late": {"text": "P1 is on rack 3", "at": AT},
    "notify/unreached": {"total": 3, "items": [{"at": AT, "who": "Li 3-101", "reason": "not_bound", "error": None,
                                                "what": "P1 is on rack 3"},
                                               {"at": AT, "who": "g", "reason": "blocked", "error": "403",
                                                "what": "x"}]},
    "notify/broadcast.reported": {"broadcast_id": "B1", "kind": "announcement", "reached": REACH,
                                  "missed": REACH, "complete": False},
}


def routed():
    for source, routes in BY_SOURCE.items():
        for model, route in routes.items():
            for item in route.says:
                yield source, model, route, item.template


def target_facts(route, template, sample) -> list[dict]:
    """What each target adds to the template (a building admin's own list); at least {}."""
    says = [item for item in route.says if item.template == template]
    if any(getattr(item.to, "reads_store", False) for item in says):
        return [item.to.sample_facts for item in says]
    found = [item.to(sample) for item in says]
    facts = [t.facts for targets in found if isinstance(targets, list) for t in targets]
    return facts or [{}]


def test_every_routed_event_has_a_sample_and_a_template_in_each_language():
    for _source, model, _route, template in routed():
        assert model in SAMPLES, f"no sample of {spec_of(model).type}"
        for language in LANGUAGES:
            assert TEXTS.has(language, template), f"{language}/{template}.j2 is missing"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_renders_with_its_parameters(language):
    rendered = set()
    for source, model, route, template in routed():
        params = payload_params(TEXTS_CTX, route, SAMPLES[model], source)(language)
        for facts in target_facts(route, template, SAMPLES[model]):
            text = TEXTS.render(template, language, **params, **facts)
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
    for section in ("roles", "figures", "usage", "commands", "problems", "item_kinds", "item_states",
                    "groupbuy_states", "vendor_states", "licence_kinds", "categories", "zones", "gate_states"):
        assert set(zh[section]) == set(en[section]), section
    assert set(COMMANDS) == set(zh["usage"]) == set(zh["commands"])


def reason_table(source: str) -> list[tuple[str, str, list[str]]]:
    """(source, reason, params) from the `## Reason codes` table of docs/<source>.md."""
    found = []
    table = (ROOT / f"docs/{source}.md").read_text().split("## Reason codes")[1].split("##")[0]
    for line in table.splitlines():
        if line.startswith("| ") and not line.startswith(("| event", "| ---")):
            for reason, params in re.findall(r"([a-z_]+(?: / [a-z_]+)*)(?: \(([^)]*)\))?", line.split("|")[2]):
                for code in reason.split(" / "):
                    found.append((source, code, re.findall(r"[a-z_]+", (params or "").replace(" or ", " "))))
    return found


def doc_reasons() -> list[tuple[str, str, list[str]]]:
    """(source, reason, params) from the refusal tables of docs/commands.md, docs/vetting.md
    and docs/delivery.md, and the reasons holding's contracts list."""
    found = []
    for row in re.findall(r"^\| `([a-z_]+)` \| [^|]+\| ([^|]*)\|", (ROOT / "docs/commands.md").read_text(), re.M):
        found.append(("intake", row[0], re.findall(r"`([a-z_]+)`", row[1].split("(")[0])))
    found += reason_table("vetting") + reason_table("delivery") + reason_table("medicine")
    holding = (ROOT / "shared/contracts/holding.py").read_text()
    for block in re.findall(r"reasons \(params\):(.*?)\.(?:\s|\")", holding, re.S):
        for code, params in re.findall(r"([a-z_]+)(?: \(([^)]*)\))?", " ".join(block.split())):
            found.append(("holding", code, re.findall(r"[a-z_]+", params or "")))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_documented_reason_has_words(language):
    reasons = doc_reasons()
    assert len(reasons) > 40
    assert {code for source, code, _ in reasons if source == "delivery"} >= {
        "portion_required", "not_recipient", "proxy_not_resident", "groupbuy_already_planned"}
    for source, code, params in reasons:
        assert code in TEXTS.catalogue(language)["reasons"][source], f"{source}/{code} has no {language} text"
        values = {p: "1" for p in params if p != "or"} | {"problem": "bad_id", "needed": "committee", "role": "resident"}
        text = TEXTS.reason(language, source, code, values)
        assert text and text != code, f"{source}/{code} did not render in {language}"


@pytest.mark.parametrize("language, says", [
    ("en", ["Group buy GB1: open for orders (deadline 04-10 20:00)", "rice (Grain and oil) 45: 6 ordered, "
            "4 more to reach the minimum of 10", "oil (snacks) 9: 2 ordered", "Your order:", "3-101: rice × 2"]),
    ("zh", ["团购 GB1：接龙中，截止 04-10 20:00", "rice（粮油）45元：已接龙 6 份，还差 4 份成团（起订 10）",
            "oil（snacks）9元：已接龙 2 份", "您的接龙：", "3-101：rice × 2"]),
])
def test_a_group_buys_status_reads_as_sentences_in_the_askers_language(language, says):
    sample = SAMPLES[v.VettingStatusReported]
    text = TEXTS.render("vetting/status.reported", language, **sample.model_dump())
    for line in says:
        assert line in text, text
    assert "item." not in text and "remaining_to_min" not in text


def test_a_vendors_status_names_its_licences():
    sample = v.VettingStatusReported(target="V1", status="suspended", name="Fresh", open_groupbuys=["GB1", "GB2"],
                                     licences=[v.Licence(kind="food", number="JY1", expires_on=date(2022, 4, 9))])
    assert TEXTS.render("vetting/status.reported", "en", **sample.model_dump()).splitlines() == [
        "Vendor V1 Fresh: suspended", "- food-business licence JY1, valid through 2022-04-09",
        "Open group buys: GB1, GB2"]


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


@pytest.mark.parametrize("language, says", [
    ("en", "Gate (sealed zone), awaiting disinfection: 1, held: 2\nP1: held until 04-10 20:00"),
    ("zh", "门口（封控区），待消杀：1，静置中：2\nP1：静置中，至 04-10 20:00"),
])
def test_the_gate_status_names_zones_and_states_in_the_askers_language(language, says):
    report = h.GateStatusReported(zone="sealed", counts={"awaiting_disinfection": 1, "held": 2}, items=[
        h.GateItem(arrival_id="P1", state="held", destination=DEST, due_at=AT)])
    assert TEXTS.render("holding/gate.status_reported", language, **report.model_dump()) == says


@pytest.mark.parametrize("language, word", [("zh", "「接龙」"), ("en", "/order")])
def test_a_refusal_names_the_command_as_the_person_types_it(language, word):
    """Found by `lastmile demo`: a zh resident who wrote 接龙 was told 「order」格式不对."""
    for reason, params in (("bad_arguments", {"command": "order", "problem": "bad_quantity", "detail": "两份"}),
                           ("wrong_role", {"command": "order", "needed": "resident", "role": "guard"})):
        text = TEXTS.reason(language, "intake", reason, params)
        assert word in text and "order」" not in text.replace("/order", ""), text


def test_every_command_has_its_typed_word_in_each_language():
    for language in LANGUAGES:
        assert set(TEXTS.catalogues[language]["words"]) == set(COMMANDS), language


def test_hours_are_printed_as_people_write_them():
    """`/extend P2 1 …` reads back as 1 h, not 1.0 h (found by `lastmile demo`)."""
    payload = SAMPLES[h.HoldExtended].model_copy(update={"hours": 1.0})
    for language, expected in (("en", "by 1 h"), ("zh", "延长 1 小时")):
        text = TEXTS.render("holding/hold.extended", language, **payload.model_dump())
        assert expected in text, text


ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|[+-]00:00|\d{2}:\d{2}:\d{2}\.\d+")
CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # rejected_by_committee, in_run, awaiting_disinfection
REALISTIC = {"status": "closed", "state": "in_run", "deadline": AT.isoformat(), "at": AT.isoformat(),
             "until": AT.isoformat(), "expired": AT.isoformat(), "expires_on": "2022-04-09", "role": "resident",
             "needed": "committee", "kind": "food", "category": "vegetables", "problem": "bad_id",
             "command": "order", "items": "1号 rice", "items_en": "1. rice"}


def raw_values(text: str, language: str) -> list[str]:
    """Internal values a reader should never see: ISO/UTC times, snake_case codes, and in a
    Chinese text the English name of a state (`closed`)."""
    found = ISO_TIME.findall(text) + CODE.findall(text)
    if language == "zh":
        states = set().union(*(TEXTS.catalogue("zh")[s] for s in (
            "groupbuy_states", "vendor_states", "gate_states", "item_states", "medicine_states", "zones", "roles")))
        found += [word for word in re.findall(r"[a-z]+", text) if word in states]
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_template_or_reason_shows_a_raw_code_or_an_iso_time(language):
    """States, reason codes and timestamps become words and local times (issue 19)."""
    shown = []
    for source, model, route, template in routed():
        params = payload_params(TEXTS_CTX, route, SAMPLES[model], source)(language)
        for facts in target_facts(route, template, SAMPLES[model]):
            shown.append((template, TEXTS.render(template, language, **params, **facts)))
    for template, params in OWN.items():
        shown.append((template, TEXTS.render(template, language, **params)))
    for source, code, params in doc_reasons():
        values = {p: REALISTIC.get(p, "1") for p in params if p != "or"} | {
            k: REALISTIC[k] for k in ("problem", "needed", "role", "command")}
        shown.append((f"{source}/{code}", TEXTS.reason(language, source, code, values)))
    bad = [(where, raw_values(text, language), text) for where, text in shown if raw_values(text, language)]
    assert not bad, "\n".join(f"{where}: {found} in {text!r}" for where, found, text in bad)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_run_lists_one_line_per_item(language):
    """trim_blocks eats the line end after a closing tag: the items once ran into one line."""
    run = SAMPLES[m.MedicineRunClaimed].model_copy(update={"items": [
        m.RunItem(request_id="MR1", urgency=1, drug="insulin", dose="2 boxes", note="fridge", **NEED),
        m.RunItem(request_id="MR2", urgency=3, drug="aspirin", dose="1 box", **NEED)]})
    route = BY_SOURCE["medicine"][m.MedicineRunClaimed]
    text = TEXTS.render("medicine/medicine.run_claimed", language,
                        **payload_params(TEXTS_CTX, route, run, "medicine")(language))
    assert [line.split()[0] for line in text.splitlines() if line.startswith("MR")] == ["MR1", "MR2"], text
