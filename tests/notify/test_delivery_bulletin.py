"""The bulletin's rack figures over a real NATS: an item counts once when racked (not when
moved) and once when its last household took it, even when one proxy's `/picked` finished
several households at once; `lastmile bulletin show` prints what was posted."""

from __future__ import annotations

from datetime import datetime, timezone

from typer.testing import CliRunner

from lastmile.cli import app
from shared.contracts import delivery as d
from shared.contracts.intake import BulletinAdditionRequested
from shared.runtime.clock import FixedClock
from tests.notify.helpers import actor, chat, notify, notify_settings, settle
from tests.support.services import events_of, publish_event, settings_env
from tests.support.waiting import eventually

MORNING = datetime(2022, 4, 10, 0, 30, tzinfo=timezone.utc)   # 08:30 in Shanghai
BULLETIN = datetime(2022, 4, 10, 12, 0, tzinfo=timezone.utc)  # 20:00 in Shanghai


def racked(item_id: str, moved: bool = False) -> d.RackConfirmed:
    return d.RackConfirmed(person_id="R9", chat=chat("dm-R9", "R9"), item_id=item_id, kind="portion", building="3",
                           rack="3", slot="B3" if moved else None, moved=moved, notified=1)


def picked(room: str, waiting: int) -> d.ItemPickedUp:
    return d.ItemPickedUp(person_id="R4", chat=chat("dm-R4", "R4"), item_id="D1", kind="portion", building="3",
                          room=room, picked_by="R4", by_proxy=True, picked_at=MORNING, waiting_households=waiting)


async def test_rack_figures_count_items_once_and_the_cli_shows_the_posted_bulletin(js, settings_for):
    clock = FixedClock(MORNING)
    settings = notify_settings(settings_for)
    committee = actor("C1", "committee", "en")
    async with notify(js, settings, clock):
        for payload in (racked("D1"), racked("D1", moved=True), racked("D2"),
                        picked("101", 1), picked("102", 0), picked("103", 0)):  # the last two: one /picked
            await publish_event(js, payload)
        await publish_event(js, BulletinAdditionRequested(actor=committee, chat=chat("dm-C1", "C1"),
                                                          text="Rack 3 is by the north door"))
        await settle(js, "notify-delivery", "notify-intake")
        clock.set(BULLETIN)
        (published,) = await eventually(lambda: events_of(js, "notify", "bulletin.published"), what="bulletin")
    found = published.data["figures"]
    assert (found["racked"], found["picked_up"], found["waiting_rack"]) == (2, 1, 1)

    runner, env = CliRunner(), {**settings_env(settings), "COLUMNS": "160"}
    shown = runner.invoke(app, ["bulletin", "show", "2022-04-10", "--language", "en"], env=env)
    latest = runner.invoke(app, ["bulletin", "show", "-l", "zh"], env=env)
    missing = runner.invoke(app, ["bulletin", "show", "2022-04-09"], env=env)
    assert shown.exit_code == 0, shown.output
    rows = {line.strip("│ ").split("│")[0].strip(): line.split("│")[-2].strip()
            for line in shown.stdout.splitlines() if line.count("│") == 3}
    assert (rows["Put on building racks"], rows["Picked up"], rows["Still waiting on the racks"]) == ("2", "1", "1")
    assert "- Rack 3 is by the north door" in shown.stdout
    assert "已上楼栋货架" in latest.stdout and "bulletin 2022-04-10" in latest.stdout
    assert missing.exit_code == 1 and "no bulletin posted on 2022-04-09" in missing.stdout
