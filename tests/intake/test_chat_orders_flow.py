"""Orders as people write them, from the chat to the reply they read: intake, vetting and
notify running on a real NATS with their real stores, the roster imported and every person
bound through the chat, and only `chat.in` typed and `chat.out` read (issue 19)."""

from __future__ import annotations

from contextlib import AsyncExitStack, asynccontextmanager

from services.intake.service import definition as intake_definition
from services.intake.settings import IntakeSettings
from services.notify.service import definition as notify_definition
from services.notify.settings import NotifySettings
from services.vetting.service import definition as vetting_definition
from services.vetting.settings import VettingSettings
from services.intake.roster.run import run_import
from tests.intake.support import ROSTER, read_codes, say, write_roster
from tests.notify.helpers import ChatOutReader
from tests.support.services import running

# R1 王芳 3-1201 zh · R2 Li Lei 3-1202 en · R4 陈团长 leader · R5 Committee Liu (tests/intake/support.py)
WANG, LI, LEADER, COMMITTEE = "u-R1", "u-R2", "u-R4", "u-R5"
GROUP = {"chat_id": "group-3", "chat_type": "group"}
VENDOR = "商家登记 鲜丰蔬菜\n营业执照 91310000MA1 2030-01-01\n食品 JY13100000001 2030-01-01\n保供"
FIRST_BUY = "开团 V1 截止 23:59\n青菜/greens vegetables 蔬菜 5\n土鸡蛋(30枚) 肉蛋 30"


def _settings(cls, settings_for, schema, name):
    return cls(**settings_for(database_schema=f"{schema}_{name}" if schema else None).model_dump())


@asynccontextmanager
async def compound(js, settings_for, database, codes):
    """intake (its store holds the imported roster), vetting and notify running; everyone
    bound through the chat; a reader of every chat.out."""
    _, schema = database
    intake = IntakeSettings(**settings_for().model_dump())
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(running(intake_definition(intake), intake, js))
        for cls, make, name in ((VettingSettings, vetting_definition, "v"), (NotifySettings, notify_definition, "n")):
            settings = _settings(cls, settings_for, schema, name)
            await stack.enter_async_context(running(make(settings), settings, js))
        chat = Chat(ChatOutReader(js))
        for person in ("R1", "R2", "R4", "R5"):
            await chat.ask(f"/bind {codes[person]}", f"u-{person}")
        yield chat


class Chat:
    def __init__(self, out: ChatOutReader):
        self.out = out

    async def ask(self, text: str, sender: str, count: int = 1, **where) -> list[str]:
        """What the person reads in answer to `text` (threaded to it)."""
        message = await say(self.out.js, text, sender, **where)
        found = await self.out.wait_for(count, reply_to=message.message_id, chat_id=message.chat_id)
        return [m.text for m in found]

    async def one(self, text: str, sender: str, **where) -> str:
        (reply,) = await self.ask(text, sender, **where)
        return reply

    async def replies_to(self, message) -> list[str]:
        return [m.text for m in await self.out.read() if m.reply_to == message.message_id]


async def open_first_buy(chat: Chat) -> None:
    """The committee registers a guaranteed-supply vendor (approved by policy) and the leader
    opens GB1 from it (approved by policy too): two replies each."""
    await chat.ask(VENDOR, COMMITTEE, count=2)
    proposed = await chat.ask(FIRST_BUY, LEADER, count=2)
    assert any("GB1" in text for text in proposed), proposed


async def test_every_order_form_in_a_building_group_is_answered_for_whom_it_is(js, settings_for, database, codes):
    async with compound(js, settings_for, database, codes) as chat:
        await open_first_buy(chat)
        said = [
            ("接龙 GB1 青菜 2份", "@王芳 接龙成功：3-1201 在 GB1 订 青菜 × 2。"),
            ("接龍 GB1 3 青菜", "@王芳 已修改：3-1201 在 GB1 的 青菜 2 → 3。"),
            ("借龙 GB1 鸡蛋 1", "@王芳 接龙成功：3-1201 在 GB1 订 土鸡蛋(30枚) × 1。"),
            ("接龙 ＧＢ１ ２号 ３份", "@王芳 已修改：3-1201 在 GB1 的 土鸡蛋(30枚) 1 → 3。"),
            ("3-1201 青菜2", "@王芳 已修改：3-1201 在 GB1 的 青菜 3 → 2。"),
            ("接龙 青菜 4", "@王芳 已修改：3-1201 在 GB1 的 青菜 2 → 4。"),
            ("+1", "@王芳 接龙未成功：要哪一样？1号 青菜、2号 土鸡蛋(30枚)。请写品名或编号（如 2号 3份）。"),
            ("3-1202 青菜1", "@王芳 接龙未成功：只能为本户接龙：3-1202 不是您家。"),
        ]
        for text, expected in said:
            assert await chat.one(text, WANG, **GROUP) == expected, text


async def test_an_unreadable_order_is_answered_once_and_chatter_stays_quiet(js, settings_for, database, codes):
    async with compound(js, settings_for, database, codes) as chat:
        await open_first_buy(chat)
        first = await chat.one("3-1201 要青菜", WANG, **GROUP)
        again = await say(js, "3-1201 青菜多来点", WANG, **GROUP)
        chatter = await say(js, "今天青菜真新鲜", WANG, **GROUP)
        after = await chat.one("接龙 GB1 青菜 1", WANG, **GROUP)  # answered after the two above were handled
        assert first.startswith("@王芳 没看懂这条接龙（「要青菜」），没有登记。请这样写：接龙 [GB12]")
        assert after == "@王芳 接龙成功：3-1201 在 GB1 订 青菜 × 1。"
        assert await chat.replies_to(again) == [] and await chat.replies_to(chatter) == []


async def test_a_copied_list_orders_only_its_new_line(js, settings_for, database, codes):
    async with compound(js, settings_for, database, codes) as chat:
        await open_first_buy(chat)
        started = await chat.one("#接龙 GB1 青菜团\n例：3-101 青菜2\n1. 3-1202 青菜2", LI, **GROUP)
        assert started == "@Li Lei Ordered: 2 × greens vegetables in GB1 for 3-1202."
        copied = await say(js, "#接龙 GB1 青菜团\n例：3-101 青菜2\n1. 3-1202 青菜2\n2. 3-1201 青菜3",
                           WANG, **GROUP)
        (reply,) = await chat.out.wait_for(1, reply_to=copied.message_id)
        after = await chat.one("接龙 GB1 鸡蛋 1", WANG, **GROUP)
        assert reply.text == "@王芳 接龙成功：3-1201 在 GB1 订 青菜 × 3。"
        assert after.endswith("土鸡蛋(30枚) × 1。") and len(await chat.replies_to(copied)) == 1


async def test_an_english_resident_orders_by_the_english_name_and_reads_it(js, settings_for, database, codes):
    async with compound(js, settings_for, database, codes) as chat:
        await open_first_buy(chat)
        assert await chat.one("/order GB1 greens 2", LI) == "Ordered: 2 × greens vegetables in GB1 for 3-1202."
        assert await chat.one("/order Greens Vegetables 3", LI) == \
            "Changed: greens vegetables in GB1 for 3-1202, 2 → 3."
        assert await chat.one("/order GB1 +1", LI) == \
            "Order not accepted: Which item? 1. greens vegetables, 2. 土鸡蛋(30枚). " \
            "Write its name or number (e.g. /order 2号 3)."


async def test_with_two_open_buys_a_doubt_is_asked_naming_the_candidates(js, settings_for, database, codes):
    async with compound(js, settings_for, database, codes) as chat:
        await open_first_buy(chat)
        await chat.ask("开团 V1 截止 23:59\n鸡蛋饼 面包 8\n东北大米 粮油 50", LEADER, count=2)
        assert await chat.one("接龙 鸡蛋 1", WANG) == \
            "接龙未成功：「鸡蛋」指哪一样？GB1 2号 土鸡蛋(30枚)、GB2 1号 鸡蛋饼。请写清楚（如 2号 3份）。"
        assert await chat.one("接龙 2号 1", WANG) == \
            "接龙未成功：现在有几个团购在接龙（GB1、GB2），请写明是哪个：接龙 GB编号 品名 数量。"
        assert await chat.one("接龙 大米 1", WANG) == "接龙成功：3-1201 在 GB2 订 东北大米 × 1。"


async def test_categories_in_chinese_are_essentials_and_milk_tea_is_not_whatever_it_claims(
        js, settings_for, database, codes):
    async with compound(js, settings_for, database, codes) as chat:
        await chat.ask(VENDOR, COMMITTEE, count=2)
        opened = await chat.ask("开团 V1 截止 23:59\n青菜 蔬菜 5", LEADER, count=2)
        refused = await chat.one("开团 V1 截止 23:59\n珍珠奶茶 乳制品 15", LEADER)
        help_zh = await chat.one("帮助 开团", WANG)
        help_en = await chat.one("/help groupbuy", LI)
    assert any("GB1" in text and "已批准" in text for text in opened), opened
    assert refused == "团购未通过：珍珠奶茶（乳制品）不属于必需品：非必要不团。"
    assert "类别：主食、粮油、蔬菜、肉蛋、乳制品" in help_zh
    assert "Categories: Staples, Grain and oil, Vegetables, Meat and eggs, Dairy" in help_en


async def test_an_announcement_reaches_the_group_with_the_committees_punctuation(js, settings_for, database, codes):
    text = "明天8点核酸，请带好身份证！（按楼栋顺序；3号楼先）"
    async with compound(js, settings_for, database, codes) as chat:
        await chat.ask("群登记 全体", COMMITTEE, chat_id="group-all", chat_type="group")
        await chat.ask(f"通报 全体 {text}", COMMITTEE)
        (posted,) = [m for m in await chat.out.wait_for(2, chat_id="group-all") if text in m.text]
    assert "," not in posted.text and "!" not in posted.text, posted.text


async def test_a_building_admin_who_lives_there_orders_for_a_neighbour_by_room(
        js, settings_for, database, codes, intake_settings, tmp_path):
    """刘楼长 lives in 3-1203 and is building 3's admin: `3-1205 青菜1` is an order for 3-1205;
    the same line from a resident of 3-1201 is refused."""
    out = tmp_path / "codes-admin.csv"
    result = run_import(intake_settings, write_roster(tmp_path, ROSTER + "3,1203,刘楼长,居民;楼长,zh\n"), out)
    assert not result.problems, result.problems
    admin = next(person for person, code in read_codes(out).items() if person not in codes)
    async with compound(js, settings_for, database, {**codes, **read_codes(out)}) as chat:
        await chat.ask(f"/bind {read_codes(out)[admin]}", f"u-{admin}")
        await open_first_buy(chat)
        for_neighbour = await chat.one("3-1205 青菜1", f"u-{admin}", **GROUP)
        own = await chat.one("+1 青菜", f"u-{admin}", **GROUP)
        refused = await chat.one("3-1205 青菜1", WANG, **GROUP)
    assert for_neighbour == "@刘楼长 接龙成功：3-1205 在 GB1 订 青菜 × 1。"
    assert own == "@刘楼长 接龙成功：3-1203 在 GB1 订 青菜 × 1。"
    assert refused == "@王芳 接龙未成功：只能为本户接龙：3-1205 不是您家。"
