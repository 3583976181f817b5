"""Events published by notify: who can be reached where, what was broadcast and how far it
got, the daily bulletin, and notices that could not be delivered.

notify also writes `chat.out.<platform>` (the chat envelope, not events); these events are
for the other services, the operators and the record.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from .intake import Language
from .registry import Payload, event


@event("groupchat.registered", source="notify")
class GroupChatRegistered(Payload):
    """A group chat now receives notices for `audience` ('all' or a building), registered
    by a committee member from inside the group; the latest registration of a chat wins."""

    platform: str
    chat_id: str
    audience: str
    language: Language
    by: str = Field(description="the committee member's person id")


@event("announcement.published", source="notify")
class AnnouncementPublished(Payload):
    """The committee's announcement was queued to every group chat of its audience;
    `broadcast.reported` follows with which groups it reached."""

    broadcast_id: str
    audience: str
    by: str
    groups: int


@event("bulletin.published", source="notify")
class BulletinPublished(Payload):
    """The daily bulletin (每日通报) of `day`: the figures counted from the events notify saw
    since the previous bulletin, and the lines the committee added. Posted once per day."""

    day: date
    broadcast_id: str
    figures: dict[str, int]
    additions: list[str] = Field(default_factory=list)
    groups: int


class GroupReach(Payload):
    platform: str
    chat_id: str
    audience: str


@event("broadcast.reported", source="notify")
class BroadcastReported(Payload):
    """Which group chats a broadcast (announcement or bulletin) reached: `reached` have a
    delivered receipt; `missed` failed every attempt or had no receipt by `reported_at`."""

    broadcast_id: str
    kind: str = Field(description="announcement | bulletin")
    audience: str
    reached: list[GroupReach]
    missed: list[GroupReach]
    reported_at: datetime
    complete: bool = Field(description="every group answered (false: reported at the time-out)")


@event("notice.missed", source="notify")
class NoticeMissed(Payload):
    """A notice could not be delivered after every attempt; it stays in notify's store."""

    notice_id: str
    platform: str
    chat_id: str
    template: str
    attempts: int
    error: str | None = None
    broadcast_id: str | None = None
