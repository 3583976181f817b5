"""A compound as its committee wrote the roster: Chinese names, building-room numbers, the
building admins, group leader and a volunteer living in rooms of their own, households of
two, two people of one name; and the whole system running on it over a real NATS."""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from services.intake.roster.run import run_import
from services.notify.settings import RateLimit
from shared.runtime.clock import FixedClock
from tests.holding.tap import EventTap
from tests.intake.support import say
from tests.medicine.stack import own_settings, services
from tests.notify.helpers import ChatOutReader
from tests.support.waiting import eventually

T0 = datetime(2022, 4, 10, 1, 0, tzinfo=timezone.utc)  # 09:00 in Shanghai
OPEN = {"default": RateLimit(chat_per_minute=1000, chat_burst=100, platform_per_second=1000, platform_burst=1000)}
ALL = ["intake", "vetting", "holding", "delivery", "medicine", "notify"]

ROSTER = """楼栋,房号,姓名,角色,语言
3,301,赵建华,居民,zh
3,302,钱淑珍,居民,zh
3,502,张伟,居民,zh
3,502,孙丽,居民,zh
3,1201,陈晓明,resident;volunteer,zh
3,1202,Peter Hansen,resident,en
3,,吴楼长,building_admin,zh
5,101,周国平,居民,zh
5,102,郑雅婷,居民,zh
5,201,冯志强,居民,zh
5,202,卫秀兰,居民,zh
5,502,蒋文,居民,zh
5,1101,刘芳,resident;building_admin,zh
5,1102,王建国,居民,zh
5,1102,李秀英,居民,zh
5,1201,Anna Schmidt,resident;volunteer,en
5,1202,韩梅,居民,zh
6,201,张伟,居民,zh
6,301,杨帆,居民;团长,zh
6,302,朱丽,居民,zh
6,1001,秦浩,居民,zh
6,1002,许静,居民,zh
6,1002,何平,居民,zh
6,,吕楼长,楼长,zh
7,101,施磊,居民,zh
7,102,张敏,居民,zh
7,301,孔德明,居民,zh
7,302,曹颖,居民,zh
7,1503,严华,居民,zh
7,,Lee Admin,building_admin,en
,,周主任,居委,zh
,,Committee Lin,committee,en
,,孙保安,保安,zh
,,周物业,物业,zh
,,志愿者钱,志愿者,zh
"""


@dataclass
class Compound:
    """Who is who (name, or `name@building-room` for a name used twice), their codes, and
    what everyone was told."""

    ids: dict[str, str]
    codes: dict[str, str]
    out: ChatOutReader
    running: dict = field(default_factory=dict)
    settings: object = None

    def sender(self, who: str) -> str:
        return f"u-{self.ids[who]}"

    def chat(self, who: str) -> str:
        return f"dm-u-{self.ids[who]}"

    async def say(self, who: str, text: str, **kwargs):
        return await say(self.js, text, self.sender(who), **kwargs)

    async def say_all(self, *lines: tuple[str, str]) -> None:
        """(who, text) in order: a little scene of the day."""
        for who, text in lines:
            await self.say(who, text)

    async def told(self, who: str, *fragments: str, count: int = 1) -> list[str]:
        """The messages to `who` holding every fragment, once there are `count` of them."""
        async def check():
            found = [m.text for m in await self.out.read()
                     if m.chat_id == self.chat(who) and all(f in m.text for f in fragments)]
            return found if len(found) >= count else None

        try:
            return await eventually(check, what=f"{fragments} to {who}")
        except AssertionError as exc:
            exc.add_note(f"{who} was told: {await self.all_to(who)}")
            raise

    async def all_to(self, who: str) -> list[str]:
        return [m.text for m in await self.out.read() if m.chat_id == self.chat(who)]


def write(folder: Path, text: str = ROSTER, encoding: str = "utf-8") -> Path:
    path = folder / "roster.csv"
    path.write_bytes(text.encode(encoding))
    return path


def names_of(codes_file: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(who → person id, person id → code) from the codes file."""
    import csv

    with codes_file.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["name"]] = counts.get(row["name"], 0) + 1
    ids = {}
    for row in rows:
        who = row["name"] if counts[row["name"]] == 1 else f"{row['name']}@{row['building']}-{row['room']}"
        ids[who] = row["person_id"]
    return ids, {row["person_id"]: row["code"] for row in rows}


@asynccontextmanager
async def compound(js, settings_for, tmp_path: Path, clock: FixedClock, roster: str = ROSTER):
    """The roster imported, every service running, everyone bound from their direct chat."""
    intake_settings = own_settings(settings_for, "intake")
    codes_file = tmp_path / "codes.csv"
    result = run_import(intake_settings, write(tmp_path, roster), codes_file)
    assert not result.problems, result.problems
    ids, codes = names_of(codes_file)
    async with services(js, settings_for, clock, ALL, {"notify": {"notify_rate_limits": OPEN}}) as running:
        place = Compound(ids=ids, codes=codes, out=ChatOutReader(js), running=running, settings=intake_settings)
        place.js = js
        for who, person_id in ids.items():
            await say(js, f"/bind {codes[person_id]}", f"u-{person_id}")
        for who in ids:
            await place.out.wait_for(1, chat_id=place.chat(who))
        yield place


async def open_buy(place: Compound, vetting: EventTap) -> None:
    """GB1 from a guaranteed vendor (so it opens at once): 青菜 and 鸡蛋."""
    await place.say("周主任", "/vendor 城东菜场\nlicence BL-1 2030-01-01\nfood FL-1 2030-01-01\nguaranteed")
    await place.told("周主任", "V1")
    await place.say("杨帆", "开团 V1 截止 15:00\n青菜 vegetables 5\n鸡蛋 meat_eggs 30")
    await place.told("杨帆", "GB1")
    await vetting.wait_for("groupbuy.opened", 1)
