"""Helpers for intake's tests: a roster, and chat messages as an adapter would publish them."""

from __future__ import annotations

import csv
import itertools
from datetime import datetime, timezone
from pathlib import Path

from shared.contracts.chat import ChatIn
from tests.support.services import events_of

PLATFORM = "signal-test"  # a platform no adapter here uses: intake must not care

ROSTER = """building,room,name,role,language
3,1201,王芳,resident,zh
3,1202,Li Lei,resident,en
3,,赵管理,building_admin,zh
,,陈团长,group_leader,zh
,,Committee Liu,committee,en
,,孙保安,guard,zh
,,周物业,property,zh
,,Volunteer Wu,volunteer,en
"""

_ids = itertools.count(1)


def write_roster(folder: Path, text: str = ROSTER) -> Path:
    path = folder / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def read_codes(path: Path) -> dict[str, str]:
    """person_id → code, from the codes file the import wrote."""
    with path.open(encoding="utf-8-sig") as f:
        return {row["person_id"]: row["code"] for row in csv.DictReader(f)}


def chat_in(text: str, sender: str, *, chat_id: str | None = None, chat_type: str = "direct",
            message_id: str | None = None, revision: int = 0, platform: str = PLATFORM) -> ChatIn:
    return ChatIn(platform=platform, chat_id=chat_id or f"dm-{sender}", chat_type=chat_type,
                  sender_id=sender, message_id=message_id or f"m{next(_ids)}", revision=revision,
                  text=text, sent_at=datetime.now(timezone.utc))


async def publish(js, message: ChatIn) -> ChatIn:
    await js.publish(f"chat.in.{message.platform}", message.model_dump_json().encode(),
                     headers={"Nats-Msg-Id": message.dedupe_key})
    return message


async def say(js, text: str, sender: str, **kwargs) -> ChatIn:
    return await publish(js, chat_in(text, sender, **kwargs))


async def from_intake(js, event_type: str | None = None) -> list:
    return await events_of(js, "intake", event_type)


def about(envelopes, message: ChatIn) -> list:
    """The events caused by one chat message (any revision)."""
    return [e for e in envelopes
            if e.data.get("chat", {}).get("message_id") == message.message_id
            and e.data["chat"]["chat_id"] == message.chat_id]
