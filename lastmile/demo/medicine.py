"""The day's medicine run (代配药): some households ask for their medicine, the admin of
building 1 (who lives there too) asks for a neighbour, Volunteer Kim (a resident as well)
claims the run, one drug is out and a substitute is offered and accepted, the rest bought,
and the run is handed in at the gate, where each item becomes an arrival (M…) that goes
through disinfection and the hold to its household's rack with the day's parcels."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .stage import exactly, ident

if TYPE_CHECKING:
    from .day import Day

HOSPITAL = "瑞金医院"


def _ask(person, days: int) -> str:
    if person.zh:
        return f"配药 {HOSPITAL}，苯磺酸氨氯地平片，1盒，{days}"
    return f"/med {HOSPITAL}, amlodipine, 1 box, {days}"


async def medicine_run(day: "Day") -> str:
    asking = [p for i, p in enumerate(day.residents) if day.plan.medicine_request(i)]
    admin = day.compound.admins["1"]
    neighbour = next(p for p in day.residents if p.building == "1" and p.home != admin.home and p not in asking)
    lines = [(p, _ask(p, 3 + n % 4)) for n, p in enumerate(asking)]
    lines.append((admin, f"配药 {neighbour.home} {HOSPITAL}，二甲双胍片，2盒，2"))
    await day.say(lines, "medicine request", replies=False)  # accepted in each one's direct chat
    requesters = [p for p, _ in lines]
    await day.wait_told(requesters, ident("MR"), "each medicine request accepted")
    filed = {day.told(p, ident("MR"))[0].group(0): (p, neighbour if p is admin else p) for p in requesters}
    day.ids["filed_for_neighbour"] = next(mr for mr, (by, _) in filed.items() if by is admin)
    day.ledger.figures["medicine_requests"] += len(lines)

    kim = day.staff("Volunteer Kim")
    await day.say([(kim, f"/run {HOSPITAL} 50")], "the medicine run", replies=False)
    await day.wait_told([kim], r"Run HR\d+", "the run's list to the volunteer")
    listing = day.told(kim, r"Run (HR\d+)[^\n]*\n((?:MR\d+ [^\n]*\n)+)")[-1]
    run_id, items = listing.group(1), re.findall(r"^(MR\d+) ", listing.group(2), re.M)
    day.ids["run"], day.ids["run_items"] = run_id, ",".join(items)
    day.ledger.figures["medicine_runs"] += 1

    swapped = items[0]
    await day.say([(kim, f"/substitute {swapped} 氨氯地平片（国产）")], "a substitute offered", replies=False)
    asker, _ = filed[swapped]
    await day.wait_told([asker], rf"(?:同意替代|/yes) {swapped}", "the requester asked about the substitute")
    await day.say([(asker, f"{'同意替代' if asker.zh else '/yes'} {swapped}")], "the substitute accepted")
    day.ledger.figures["medicine_substitutes"] += 1
    await day.say([(kim, f"/bought {mr}") for mr in items], "/bought")
    day.ledger.figures["medicine_filled"] += len(items)
    day.marks["handoff"], = await day.say([(kim, f"/handoff {run_id}")], "the hand-off at the gate")

    homes = {filed[mr][1].home for mr in items}
    property_staff = day.staff("Property Chen")

    def at_gate() -> dict[str, str]:
        return {m.group(1): m.group(2) for m in day.told(property_staff, r"disinfect: (M\d+) \(medicine for (\S+)\)")
                if m.group(2) in homes and m.group(1) not in day.arrivals}

    await day.chat.until(lambda: len(at_gate()) == len(items), day.timeout, "the run's medicine registered at the gate")
    found = at_gate()
    day.arrivals.update(found)
    day.ids["run_arrivals"] = ",".join(found)
    day.ledger.figures["arrivals"] += len(found)
    if not re.search(exactly(run_id), day.reply(day.marks["handoff"])):
        raise RuntimeError(f"the hand-off was not answered: {day.reply(day.marks['handoff'])!r}")
    return (f"{len(lines)} requests ({admin.name} for {neighbour.home}), {run_id} with {len(items)} items, "
            f"1 substitute accepted, handed in as {', '.join(found)}")
