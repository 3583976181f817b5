"""Every refusal over a real NATS: a reason code, its params, and for arrivals what the
guard should do; each is an event answering the asker's own chat message."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from services.holding.service import definition
from shared.contracts import intake
from shared.contracts.registry import spec_of
from shared.runtime.clock import FixedClock
from tests.holding import intents
from tests.holding.conftest import drained
from tests.holding.tap import EventTap
from tests.support.services import publish_event, running

T0 = datetime(2022, 4, 10, 8, 0, tzinfo=timezone.utc)

VETTING = [
    intents.vendor_approved("V1"), intents.groupbuy_opened("GB1", "V1"),
    intents.vendor_approved("V2"), intents.groupbuy_opened("GB2", "V2"), intents.vendor_suspended("V2"),
    intents.groupbuy_opened("GB3", "V3"),  # V3 never approved
    intents.groupbuy_refused("GB9"),
]

ARRIVALS = {  # message id → (request, reason, params, guard action)
    "no-gb": (dict(groupbuy=None), "groupbuy_required", {}, "correct_and_retry"),
    "no-boxes": (dict(boxes=None), "boxes_required", {"groupbuy": "GB1"}, "correct_and_retry"),
    "no-room": (dict(kind="parcel", groupbuy=None, boxes=None, building="7"), "destination_required",
                {"missing": "room"}, "correct_and_retry"),
    "unknown": (dict(groupbuy="gb404"), "groupbuy_unknown", {"groupbuy": "GB404"}, "turn_away"),
    "refused": (dict(groupbuy="GB9"), "groupbuy_refused", {"groupbuy": "GB9", "reason": "non_essential"},
                "turn_away"),
    "unvetted": (dict(groupbuy="GB3"), "vendor_not_approved", {"groupbuy": "GB3", "vendor": "V3"}, "turn_away"),
    "suspended": (dict(groupbuy="GB2"), "vendor_suspended", {"groupbuy": "GB2", "vendor": "V2",
                  "vendor_name": "vendor V2", "reason": "licence_expired"}, "turn_away"),
    "resident": (dict(role="resident"), "wrong_role", {"role": "resident"}, "none"),
}


def _arrival(message_id: str, options: dict) -> intake.ArrivalRequested:
    options = dict(options)
    return intents.arrival(options.pop("kind", "groupbuy"), message_id=message_id, **options)


async def test_each_arrival_refusal_says_why_and_what_the_guard_does(js, holding_settings):
    async with running(definition(holding_settings()), holding_settings(), js, clock=FixedClock(T0)):
        tap = await EventTap().start(js)
        for event in VETTING:
            await publish_event(js, event)
        await drained(js, "LM_VETTING", "holding-vetting")
        for message_id, (options, *_expected) in ARRIVALS.items():
            await publish_event(js, _arrival(message_id, options))
        first = intents.arrival(message_id="edited")
        await publish_event(js, first)
        await publish_event(js, first.model_copy(update={"chat": first.chat.model_copy(update={"revision": 1})}))

        refused = await tap.wait_for("arrival.refused", len(ARRIVALS) + 1)
        got = {r["chat"]["message_id"]: (r["reason"], r["params"], r["guard_action"]) for r in refused}
        assert got.pop("edited") == ("already_registered", {"arrival": "A1"}, "none")
        assert got == {mid: tuple(expected) for mid, (_, *expected) in ARRIVALS.items()}
        assert [r["arrival_id"] for r in tap.data("arrival.registered")] == ["A1"]
        await tap.stop()


async def test_disinfection_extension_and_zone_refusals(js, holding_settings):
    clock = FixedClock(T0)
    async with running(definition(holding_settings()), holding_settings(), js, clock=clock):
        tap = await EventTap().start(js)
        await publish_event(js, intents.parcel())
        await publish_event(js, intents.parcel(room="303"))
        await tap.wait_for("arrival.registered", 2)
        await publish_event(js, intents.disinfect("P2"))
        await tap.wait_for("hold.started", 1)
        clock.set(T0 + timedelta(hours=3))
        await tap.wait_for("hold.released", 1)

        cases = [
            (intents.disinfect("P1", role="guard"), "wrong_role", {"role": "guard"}),
            (intents.disinfect("P77"), "unknown_arrival", {"ref": "P77"}),
            (intents.disinfect("P2"), "already_disinfected", {"arrival": "P2", "at": "2022-04-10T08:00:00+00:00"}),
            (intents.extend("P1"), "not_disinfected", {"arrival": "P1"}),
            (intents.extend("P2"), "already_released", {"arrival": "P2"}),
            (intents.extend("A9"), "unknown_arrival", {"ref": "A9"}),
            (intents.extend("P1", role="resident"), "wrong_role", {"role": "resident"}),
            (intents.zone("controlled", role="property"), "wrong_role", {"role": "property"}),
        ]
        for request, *_ in cases:
            await publish_event(js, request)
        refused = await tap.wait_for("gate.request_refused", len(cases))
        got = {r["chat"]["message_id"]: (r["request"], r["reason"], r["params"]) for r in refused}
        assert got == {req.chat.message_id: (spec_of(req).type, reason, params) for req, reason, params in cases}
        assert tap.data("zone.changed") == [] and tap.data("hold.extended") == []
        await tap.stop()
