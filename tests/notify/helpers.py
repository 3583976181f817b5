"""Running notify over the session's real NATS, and reading what it sends to chats."""

from __future__ import annotations

import itertools
from contextlib import asynccontextmanager
from datetime import datetime, timezone

from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from shared.contracts.chat import ChatOut, ChatReceipt
from shared.contracts.intake import (Actor, AnnouncementRequested, ChatRef, GroupChatRegistrationRequested,
                                     IdentityBound, PersonRegistered)
from shared.runtime.clock import FixedClock
from services.notify.service import definition
from services.notify.settings import NotifySettings
from tests.support.services import publish_event, running
from tests.support.waiting import eventually

NOW = datetime(2022, 4, 10, 2, 0, tzinfo=timezone.utc)  # 10:00 in Shanghai
_ids = itertools.count(1)


def notify_settings(settings_for, **overrides) -> NotifySettings:
    return NotifySettings(**{**settings_for().model_dump(), **overrides})


@asynccontextmanager
async def notify(js, settings: NotifySettings, clock: FixedClock | None = None):
    async with running(definition(settings), settings, js, clock=clock or FixedClock(NOW)) as runtime:
        yield runtime


def chat(chat_id: str = "dm-1", sender: str = "u1", chat_type: str = "direct", platform: str = "terminal") -> ChatRef:
    return ChatRef(platform=platform, chat_id=chat_id, chat_type=chat_type, sender_id=sender,
                   message_id=f"m{next(_ids)}")


def actor(person: str, role: str = "resident", language: str = "zh", building: str | None = None,
          room: str | None = None) -> Actor:
    return Actor(person_id=person, role=role, language=language, building=building, room=room)


async def person(js, person_id: str, role: str = "resident", language: str = "zh", building: str | None = None,
                 room: str | None = None, platform: str = "terminal") -> ChatRef:
    """A roster person bound from their direct chat `dm-<person>`; returns the ChatRef of a
    later message of theirs (the bind itself is answered too)."""
    await publish_event(js, PersonRegistered(person_id=person_id, name=f"Name {person_id}", role=role,
                                             building=building, room=room, language=language))
    ref = chat(f"dm-{person_id}", sender=person_id, platform=platform)
    await publish_event(js, IdentityBound(person_id=person_id, platform=platform, sender_id=person_id,
                                          direct_chat_id=ref.chat_id, language=language, chat=ref))
    return chat(ref.chat_id, sender=person_id, platform=platform)  # a later message of theirs


async def register_group(js, who: Actor, chat_id: str, audience: str, platform: str = "terminal") -> None:
    ref = chat(chat_id, sender=who.person_id, chat_type="group", platform=platform)
    await publish_event(js, GroupChatRegistrationRequested(actor=who, chat=ref, audience=audience))


def announce(who: Actor, audience: str, text: str) -> AnnouncementRequested:
    return AnnouncementRequested(actor=who, chat=chat(f"dm-{who.person_id}", sender=who.person_id),
                                 audience=audience, text=text)


class ChatOutReader:
    """Every chat.out message so far, read once each by an ephemeral consumer."""

    def __init__(self, js):
        self.js = js
        self.subscription = None
        self.messages: list[ChatOut] = []

    async def read(self) -> list[ChatOut]:
        if self.subscription is None:
            self.subscription = await self.js.pull_subscribe(
                "chat.out.>", stream="CHAT_OUT",
                config=ConsumerConfig(ack_policy=AckPolicy.NONE, deliver_policy=DeliverPolicy.ALL,
                                      inactive_threshold=30))
        while True:
            try:
                batch = await self.subscription.fetch(1000, timeout=0.05)
            except TimeoutError:
                return self.messages
            self.messages += [ChatOut.model_validate_json(m.data) for m in batch]

    async def wait_for(self, count: int, **match) -> list[ChatOut]:
        async def check():
            found = [m for m in await self.read() if all(getattr(m, k) == v for k, v in match.items())]
            return found if len(found) >= count else None

        return await eventually(check, what=f"{count} chat.out {match}")

    async def count(self, **match) -> int:
        return len([m for m in await self.read() if all(getattr(m, k) == v for k, v in match.items())])


async def receipt(js, out: ChatOut, status: str = "delivered", error: str | None = None,
                  reason: str | None = None) -> None:
    body = ChatReceipt(message_id=out.message_id, status=status, error=error, reason=reason)
    await js.publish(f"chat.receipt.{out.platform}", body.model_dump_json().encode(),
                     headers={"Nats-Msg-Id": f"receipt:{out.platform}:{out.message_id}:{status}"})


async def drained(js, *consumers: str) -> bool:
    """notify handled and acked everything published so far to these consumers."""
    for name in consumers:
        stream = "CHAT_RECEIPT" if name == "notify-receipts" else f"LM_{name.split('-', 1)[1].upper()}"
        info = await js.consumer_info(stream, name)
        if info.num_pending or info.num_ack_pending:
            return False
    return True


async def settle(js, *consumers: str) -> None:
    await eventually(lambda: drained(js, *consumers), what=f"{consumers} drained")
