"""The lockdown day, as a script: who says what, when (on the compound's clock), and what the
script counts for the evening bulletin. Everything goes through the chat envelope; every id a
person uses (V2, GB1, P17, D3) is one they were told in a reply or a notice, as in real life.

The phases are data (`PHASES`: clock time, title, step); `Day.run` plays them in order, each
not before its time, and raises a clear error when a reply or a notice never comes. The demo
renders the progress it reports; the end-to-end test asserts on what people were told.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Awaitable, Callable

from .compound import Person
from .ledger import Ledger, bulletin_figures
from .medicine import medicine_run
from .plan import Plan
from .stage import ALL_GROUP, ZONE, PhaseRecord, Stage, exactly, group_of, ident

__all__ = ["ALL_GROUP", "ZONE", "Day", "PHASES", "Plan", "group_of"]


@dataclass
class Day(Stage):
    plan: Plan = field(default_factory=Plan)
    ledger: Ledger = field(default_factory=Ledger)
    phases: list[PhaseRecord] = field(default_factory=list)
    marks: dict[str, str] = field(default_factory=dict)  # what the test looks at: label → message id
    ids: dict[str, str] = field(default_factory=dict)  # V…/GB… by the script's name for them
    arrivals: dict[str, str] = field(default_factory=dict)  # arrival id → household (parcels, medicine)
    bulletin: dict[str, dict] = field(default_factory=dict)  # language → {"text", "figures"}
    forgotten: list[tuple[Person, str]] = field(default_factory=list)  # parcels left on the rack
    late: datetime | None = None  # set when the day's work ran past the bulletin's hour
    bound: dict[str, str] = field(default_factory=dict)  # person id → their /bind message
    copies: list[tuple[Person, str]] = field(default_factory=list)  # orders the adapter delivered twice

    # -- the day ---------------------------------------------------------------------------

    async def run(self) -> None:
        for at, title, step in PHASES:
            if step is Day.bulletin_line and self.clock.now() >= self.clock_at(BULLETIN_AT):
                self.late = self.clock.now()  # the bulletin already counted a day that was not over
            await self._until_clock(at)
            record = PhaseRecord(title, self.clock.now())
            sent, received, started = len(self.chat.sent_at), len(self.chat.replies), time.perf_counter()
            self.report("phase", {"title": title, "at": record.started_at})
            record.note = await step(self) or ""
            record.sent = len(self.chat.sent_at) - sent
            record.received = len(self.chat.replies) - received
            record.seconds = time.perf_counter() - started
            self.phases.append(record)
            self.report("phase_done", {"record": record})

    # -- phases ------------------------------------------------------------------------------

    async def bind_everyone(self) -> str:
        people = self.compound.everyone
        ids = await self.say([(p, f"{'绑定' if p.zh else '/bind'} {p.code}") for p in people], "/bind")
        for person, message_id in zip(people, ids):
            self.bound[person.person_id] = message_id
            expected = "绑定成功" if person.zh else "Linked:"
            if expected not in self.reply(message_id):
                raise RuntimeError(f"{person.name} could not bind: {self.reply(message_id)!r}")
        stranger = Person("X1", "Stranger", "resident", "en", "", "", "")
        self.marks["not_bound"], = await self.say([(stranger, "/order GB1 2")], "a stranger's order")
        self.marks["bad_code"], = await self.say([(self.residents[1], "绑定 ZZZZ-ZZZZ-ZZZZ")], "a wrong code")
        wang, smith = self.staff("王主任"), self.staff("Committee Smith")
        groups = [(wang, "群登记 全体", {"chat_id": ALL_GROUP})]
        for b in self.compound.buildings:
            by = wang if int(b) % 2 else smith
            groups.append((by, f"群登记 {b}" if by.zh else f"/groupchat {b}", {"chat_id": group_of(b)}))
        await self.say(groups, "group chat registration")
        return f"{len(people)} people bound, {len(groups)} group chats registered"

    async def vendors(self) -> str:
        valid = (self.today + timedelta(days=365)).isoformat()
        expired = (self.today - timedelta(days=9)).isoformat()
        smith, wang = self.staff("Committee Smith"), self.staff("王主任")
        li, brown = self.staff("团长李姐"), self.staff("Leader Brown")
        farm, old, grain = await self.say([
            (smith, f"/vendor Fresh Farm Co-op\nlicence BL-3101 {valid}\nfood FL-3101 {valid}\nguaranteed"),
            (li, f"商家登记 老街菜场\n营业执照 BL-0777 {expired}\n食品 FL-0777 {valid}"),
            (brown, f"/vendor Golden Grain Store\nlicence BL-8800 {valid}\nfood FL-8800 {valid}"),
        ], "vendor registration")
        self.marks["expired_vendor"] = old
        self.ids["farm"] = self.found(farm, ident("V"), "Fresh Farm's id")
        self.ids["grain"] = self.found(grain, ident("V"), "Golden Grain's id")
        await self.chat.until(lambda: len(self.chat.answers[farm]) > 1, self.timeout,
                              "Fresh Farm approved by policy (registered, then approved)")
        self.marks["approve_vendor"], = await self.say([(wang, f"批准 {self.ids['grain']}")], "the committee's approval")
        self.ledger.figures["vendors_approved"] += 2
        return f"{self.ids['farm']} guaranteed, {self.ids['grain']} approved by the committee, one refused (expired licence)"

    async def group_buys(self) -> str:
        li, brown, smith = self.staff("团长李姐"), self.staff("Leader Brown"), self.staff("Committee Smith")
        veg, grain, tea = await self.say([
            (li, f"开团 {self.ids['farm']} 截止 15:00\n时令蔬菜包 Vegetable box vegetables 35"),
            (brown, f"/groupbuy {self.ids['grain']} until 16:00\nRice 5kg staples 42\nPeanut oil 5L grain_oil 89 min 5"),
            (brown, f"/groupbuy {self.ids['grain']} until 16:00\nBubble milk tea drinks 18"),
        ], "group buy proposal")
        self.marks["non_essential"] = tea
        self.ids["veg"] = self.found(veg, ident("GB"), "the vegetables buy's id")
        self.ids["grain_buy"] = self.found(grain, ident("GB"), "the rice buy's id")
        self.ids["tea"] = (re.findall(ident("GB"), self.reply(tea)) or ["GB99"])[0]
        await self.say([(smith, f"/approve {self.ids['grain_buy']}")], "the committee's approval")
        await self.wait_told_group(ALL_GROUP, exactly(self.ids['grain_buy']), "the rice buy posted to the groups")
        await self.wait_told_group(ALL_GROUP, exactly(self.ids['veg']), "the vegetables buy posted to the groups")
        self.ledger.figures["groupbuys_opened"] += 2
        return f"{self.ids['veg']} opened by policy, {self.ids['grain_buy']} approved, milk tea refused (non-essential)"

    async def orders(self) -> str:
        plan, veg, grain = self.plan, self.ids["veg"], self.ids["grain_buy"]
        first: list = []
        for i, person in enumerate(self.residents):
            word = "接龙" if person.zh else "/order"
            options = {"chat_id": group_of(person.building)} if plan.orders_in_group(i) else {}
            first.append((person, f"{word} {veg} {plan.qty(i)}", options))
            if plan.rice(i):
                first.append((person, f"{word} {grain} 1 Rice 5kg"))
            if plan.oil(i):
                first.append((person, f"{word} {grain} 2 Peanut oil 5L"))
        kim = self.staff("Volunteer Kim")  # a volunteer who lives here orders as a resident
        first.append((kim, f"/order {grain} 1 Rice 5kg"))
        ids = await self.say(first, "order")
        self.ledger.figures["orders"] += len(first)
        veg_ids = {}  # resident index → the message id of their vegetables order
        n = 0
        for i, person in enumerate(self.residents):
            veg_ids[i] = ids[n]
            n += 1 + plan.rice(i) + plan.oil(i)
        # The adapter delivers some messages twice: same id, same revision — no second effect, no reply.
        copies = [(p, f"{'接龙' if p.zh else '/order'} {veg} {plan.qty(i)}",
                   {"message_id": veg_ids[i], **({"chat_id": group_of(p.building)} if plan.orders_in_group(i) else {})})
                  for i, p in enumerate(self.residents) if plan.redelivered(i)]
        await self.say(copies, "redelivered copy", replies=False)
        again = [(p, f"{'接龙' if p.zh else '/order'} {veg} {plan.qty(i)}")
                 for i, p in enumerate(self.residents) if plan.asks_again(i)]
        edits = [(p, f"{'接龙' if p.zh else '/order'} {veg} {plan.qty(i) + 1}",
                  {"message_id": veg_ids[i], "revision": 1,
                   **({"chat_id": group_of(p.building)} if plan.orders_in_group(i) else {})})
                 for i, p in enumerate(self.residents) if plan.edits(i)]
        await self.say(again, "second order message")
        edit_ids = await self.say(edits, "edited order")
        self.ledger.figures["orders"] += len(again) + len(edits)
        self.marks["edit"] = edit_ids[0] if edit_ids else ""
        cancels = [(p, f"{'取消' if p.zh else '/cancel'} {grain}") for i, p in enumerate(self.residents)
                   if plan.cancels_rice(i)]
        await self.say(cancels, "cancellation")
        en = next(p for p in self.residents if not p.zh)
        zh = next(p for p in self.residents if p.zh)
        self.marks["too_many"], self.marks["bad_qty"], self.marks["unknown_buy"] = await self.say([
            (en, f"/order {veg} 150"), (zh, f"接龙 {veg} -2份"), (zh, "接龙 GB404 1")], "mistyped order")
        self.copies = [(person, options["message_id"]) for person, _, options in copies]
        return (f"{len(first)} orders, {len(copies)} redelivered copies ignored, {len(again)} repeated, "
                f"{len(edits)} edits, {len(cancels)} cancellations, 3 mistakes answered")

    async def _register(self, which: Callable[[int], bool], kind_zh: str, note: str = "") -> list[str]:
        homes = [p.home for i, p in enumerate(self.residents) if which(i)]
        guard = self.staff("门卫老赵")
        ids = await self.say([(guard, f"到货 {kind_zh} {home}{note}") for home in homes], f"{kind_zh} at the gate")
        found = []
        for home, message_id in zip(homes, ids):
            arrival = self.found(message_id, ident("[PM]"), f"the arrival for {home}")
            self.arrivals[arrival] = home
            found.append(arrival)
        self.ledger.figures["arrivals"] += len(found)
        return found

    async def _disinfect(self, arrivals: list[str]) -> None:
        chen = self.staff("Property Chen")
        await self.say([(chen, f"/disinfect {a} spray") for a in arrivals], "/disinfect")
        self.ledger.figures["disinfected"] += len(arrivals)

    async def parcels(self) -> str:
        parcels = await self._register(self.plan.parcel, "快递")
        medicine = await self._register(self.plan.medicine, "药品", " 胰岛素 冷藏")
        guard = self.staff("门卫老赵")
        self.marks["turned_away"], = await self.say([(guard, f"到货 {self.ids['tea']} 4箱")], "a refused buy at the gate")
        self.ledger.figures["refused"] += 1
        await self._disinfect(parcels + medicine + [a for a in self.ids.get("run_arrivals", "").split(",") if a])
        extended = next(a for a in parcels if not self.plan.forgets(self._index(self.arrivals[a])))
        self.marks["extend"], = await self.say([(self.staff("Property Chen"), f"/extend {extended} 1 torn packaging")],
                                               "a hold extension")
        self.ids["extended"] = extended
        return f"{len(parcels)} parcels and {len(medicine)} medicine registered and disinfected, 1 delivery turned away"

    async def carry_and_rack(self, arrivals: list[str]) -> list[str]:
        """Wait until the carriers are told each arrival is released, then rack what they list."""
        volunteers = self.compound.by_role("volunteer")
        pattern = r"\b([PMD]\d+) →"

        def listed() -> list[str]:
            seen = []
            for out in self.chat.inbox.get(volunteers[0].dm, []):
                if any(re.search("^" + exactly(a), out["text"]) for a in arrivals):
                    seen += re.findall(pattern, out["text"])
            return seen

        def released() -> bool:
            done = sum(1 for a in arrivals if any(re.search("^" + exactly(a), out["text"])
                                                  for out in self.chat.inbox.get(volunteers[0].dm, [])))
            self.report("work", {"what": "released from the hold", "done": done, "total": len(arrivals)})
            return done == len(arrivals)

        await self.chat.until(released, self.timeout + self.clock.real_seconds_until(self.clock_at("23:00")),
                              "every release told to the carriers")
        self.ledger.figures["released"] += len(arrivals)
        items = sorted(set(listed()), key=lambda s: (s[0], int(s[1:])))
        slots = [(volunteers[n % len(volunteers)], f"{'上架' if volunteers[n % len(volunteers)].zh else '/racked'} "
                  f"{item} {'A' if n % 2 else 'B'}-{n % 9 + 1}") for n, item in enumerate(items)]
        ids = await self.say(slots, "/racked")
        for item, message_id in zip(items, ids):
            if item not in self.reply(message_id):
                raise RuntimeError(f"{item} was not racked: {self.reply(message_id)!r}")
        self.ledger.figures["racked"] += len(items)
        return items

    async def parcels_to_racks(self) -> str:
        held = [a for a in self.arrivals if a != self.ids["extended"]]
        items = await self.carry_and_rack(held)
        self.marks["moved"], = await self.say([(self.staff("志愿者小刘"), f"上架 {items[0]} C-1")], "a move on the rack")
        owners = [(self.compound.resident(self.arrivals[a]), a) for a in items]
        await self.wait_told([p for p, _ in owners], r"(?:/picked|已取) [PM]\d+",
                             "every household told its parcel is racked")
        picks = [self._pick(p, a) for p, a in owners if a.startswith("M") or not self.plan.forgets(self._index(p.home))]
        self.forgotten = [(p, a) for p, a in owners if self._pick(p, a) not in picks]
        self.marks["picked"], *_ = await self.say(picks, "/picked")
        self.ledger.figures["picked_up"] += len(picks)
        return f"{len(items)} racked, {len(picks)} picked up, {len(self.forgotten)} left on the rack"

    async def announcements(self) -> str:
        wang, smith = self.staff("王主任"), self.staff("Committee Smith")
        building = self.compound.buildings[-1]
        self.marks["announce_all"], self.marks["announce_building"], self.marks["zone"] = await self.say([
            (wang, "通报 全体 明早 7:00 起按楼栋做核酸，请带好身份证，戴好口罩。"),
            (smith, f"/announce {building} Water is off in building {building} from 14:00 to 16:00."),
            (wang, "分级 防范区"),
        ], "announcement")
        await self.wait_told_group(group_of(building), r"Water is off", "the building's announcement")
        await self.wait_told_group(ALL_GROUP, r"核酸", "the announcement to everyone")
        return f"to everyone, to building {building}; the zone is now precaution (1-hour holds)"

    async def proxies(self) -> str:
        lines = []
        for i, person in enumerate(self.residents):
            if self.plan.names_proxy(i) and i + 1 < len(self.residents) \
                    and self.residents[i + 1].building == person.building:
                neighbour = self.residents[i + 1]
                lines.append((person, f"{'代取' if person.zh else '/proxy'} {neighbour.person_id}"))
        ids = await self.say(lines, "/proxy")
        self.marks["proxy"] = ids[0] if ids else ""
        self.ids["proxies"] = ",".join(p.home for p, _ in lines)
        return f"{len(lines)} households name a neighbour to fetch for them"

    async def close_vegetables(self) -> str:
        li = self.staff("团长李姐")
        self.marks["close"], = await self.say([(li, f"截团 {self.ids['veg']}")], "closing the buy")
        self.ledger.figures["groupbuys_closed"] += 1
        return f"{self.ids['veg']} closed by its leader; the order sheet is issued"

    async def vegetables_arrive(self) -> str:
        guard = self.staff("门卫老赵")
        boxes = max(1, len(self.residents) // 4)
        delivery, = await self.say([(guard, f"到货 {self.ids['veg']} {boxes}箱 Fresh Farm truck")], "the vegetables at the gate")
        self.ids["veg_arrival"] = self.found(delivery, ident("A"), "the vegetables' arrival id")
        self.ledger.figures["arrivals"] += 1
        await self._disinfect([self.ids["veg_arrival"]])
        return f"{self.ids['veg_arrival']}: {boxes} boxes, disinfected, held 1 hour"

    async def reminders(self) -> str:
        people = [p for p, _ in self.forgotten]
        until = self.timeout + self.clock.real_seconds_until(self.clock_at("19:00"))
        await self.wait_told(people, r"(?:Reminder|次提醒)", "a reminder for each parcel left on the rack", until)
        picks = [self._pick(p, a) for p, a in self.forgotten if self.plan.after_reminder(self._index(p.home))]
        await self.say(picks, "/picked after a reminder")
        self.ledger.figures["picked_up"] += len(picks)
        return f"{len(people)} reminded, {len(picks)} then picked up"

    def _portion_of(self, person: Person) -> str:
        """The vegetables portion a household was told about (its building's D id)."""
        return re.findall(r"(?:/picked|已取) (D\d+)", "\n".join(o["text"] for o in self.chat.inbox[person.dm]))[-1]

    async def vegetables_to_racks(self) -> str:
        extended = self.ids["extended"]
        items = await self.carry_and_rack([self.ids["veg_arrival"], extended])
        portions = [item for item in items if item.startswith("D")]
        proxied = {h for h in self.ids["proxies"].split(",") if h}
        await self.wait_told(self.residents, r"(?:/picked|已取) D\d+", "every household told its vegetables are racked")
        picks, left_waiting = [self._pick(self.compound.resident(self.arrivals[extended]), extended)], set()
        for i, person in enumerate(self.residents):
            portion = self._portion_of(person)
            fetched_by = i + 1 if person.home in proxied else i  # a proxy's /picked covers both homes
            if self.plan.away(fetched_by):
                left_waiting.add(portion)
            elif fetched_by == i:
                picks.append(self._pick(person, portion))
        ids = await self.say(picks, "/picked vegetables")
        for (person, _), message_id in zip(picks, ids):
            i = self._index(person.home)
            if i > 0 and self.residents[i - 1].home in proxied and "proxy_pickup" not in self.marks:
                self.marks["proxy_pickup"] = message_id
        first, other = self.residents[0], next((p for p in self.residents if p.building != self.residents[0].building), None)
        if other is not None:  # someone tries another building's portion: refused, in their language
            self.marks["not_recipient"], = await self.say([self._pick(other, self._portion_of(first))],
                                                          "a pickup from the wrong rack")
        emptied = len(set(portions) - left_waiting)
        self.ledger.figures["picked_up"] += emptied + 1
        return (f"{len(portions)} building portions racked, {len(picks) - 1} households picked up, "
                f"{emptied} racks emptied; the held-back parcel {extended} racked and picked up too")

    async def grain_closes_by_deadline(self) -> str:
        brown = self.staff("Leader Brown")
        await self.chat.until(lambda: bool(self.told(brown, rf"{self.ids['grain_buy']} is closed")),
                              self.timeout, "the rice buy closed at its deadline")
        self.ledger.figures["groupbuys_closed"] += 1
        return f"{self.ids['grain_buy']} closed at 16:00 by its deadline; delivery tomorrow"

    async def late_parcels(self) -> str:
        late = await self._register(self.plan.late_parcel, "快递")
        self.ids["late"] = ",".join(late)
        await self._disinfect(late)
        self.ledger.figures["waiting_gate"] += len(late)
        return f"{len(late)} parcels still on hold when the bulletin goes out"

    async def bulletin_line(self) -> str:
        self.marks["bulletin_line"], = await self.say([(self.staff("王主任"), "补充通报 今日核酸采样 0 阳性，感谢志愿者。")],
                                                      "the committee's line")
        return "one line added by the committee"

    async def evening_bulletin(self) -> str:
        en_group = next((group_of(b) for b in self.compound.buildings if int(b) % 2 == 0), None)
        for language, chat_id in (("zh", ALL_GROUP), ("en", en_group)):
            if chat_id is None:
                continue
            word = "每日通报" if language == "zh" else "Daily bulletin"
            until = self.timeout + self.clock.real_seconds_until(self.clock_at("20:00"))
            await self.chat.until(lambda: any(o["text"].startswith(word) for o in self.chat.inbox.get(chat_id, [])),
                                  until, f"the {language} bulletin")
            text = next(o["text"] for o in self.chat.inbox[chat_id] if o["text"].startswith(word))
            self.bulletin[language] = {"text": text, "figures": bulletin_figures(text, language)}
        smith = self.staff("Committee Smith")
        await self.chat.until(lambda: bool(self.told(smith, r"Bulletin \S+ reached")), self.timeout,
                              "the bulletin's reach report")
        reach = self.told(smith, r"Bulletin \S+ reached (\d+) of (\d+)")[-1]
        return f"posted to {reach.group(2)} group chats, {reach.group(1)} reached"


PHASES: list[tuple[str, str, Callable[[Day], Awaitable[str]]]] = [
    ("00:00", "Everyone binds their chat account", Day.bind_everyone),  # as soon as the services are up
    ("07:00", "Vendors register", Day.vendors),
    ("07:30", "Group buys proposed", Day.group_buys),
    ("08:00", "接龙: households order", Day.orders),
    ("08:30", "Medicine: requests, a run, a substitute, the hand-off", medicine_run),
    ("09:00", "Parcels and medicine at the gate", Day.parcels),
    ("10:00", "Parcels released, racked, picked up", Day.parcels_to_racks),
    ("12:00", "Announcements; the zone is eased", Day.announcements),
    ("12:30", "Proxies", Day.proxies),
    ("13:00", "The vegetables buy closes", Day.close_vegetables),
    ("15:30", "The evening vegetables at the gate", Day.vegetables_arrive),
    ("16:00", "The rice buy closes at its deadline", Day.grain_closes_by_deadline),
    ("16:00", "Reminders for parcels left on the racks", Day.reminders),
    ("16:30", "Vegetables for everyone: racked, picked up", Day.vegetables_to_racks),
    ("19:15", "Late parcels", Day.late_parcels),
    ("19:30", "The committee's line for the bulletin", Day.bulletin_line),
    ("20:00", "The daily bulletin", Day.evening_bulletin),
]
BULLETIN_AT = "20:00"  # notify's LASTMILE_BULLETIN_HOUR (its default)
