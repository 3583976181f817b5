"""Accounting for the hostile suite: every message published on `chat.in` must end up as
exactly one of an answer (an intent, a help, a bind or a refusal), a dead letter with the
validation error, or a dedupe skip (JetStream's duplicate window, intake's inbox, or an
older revision after a newer one). Nothing else, nothing lost, nothing twice.

The expected class of each message is decided when it is published, from the contract
(`ChatIn`), the subject and what was published before it; what intake did is read back
from its event stream and its dead letters.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pydantic import ValidationError

from shared.contracts.chat import ChatIn
from shared.runtime.dead_letters import H_STREAM_SEQ, list_dead_letters
from tests.support.services import events_of

ANSWER, DEAD_LETTER, DEDUPE = "answer", "dead_letter", "dedupe"


@dataclass
class Sent:
    subject: str
    expect: str
    seq: int | None
    key: tuple | None  # (platform, chat_id, message_id, revision) of a valid message
    what: str


def valid_message(subject: str, body: bytes) -> ChatIn | None:
    """The oracle: the contract's own model, and the platform named by the subject."""
    try:
        message = ChatIn.model_validate_json(body)
    except ValidationError:
        return None
    return message if subject == f"chat.in.{message.platform}" else None


class Ledger:
    def __init__(self, js):
        self.js = js
        self.sent: list[Sent] = []
        self._keys: set[str] = set()
        self._revision: dict[str, int] = {}

    async def publish(self, subject: str, body: bytes, *, msg_id: str | None, what: str = "") -> Sent:
        ack = await self.js.publish(subject, body, headers={"Nats-Msg-Id": msg_id} if msg_id else None)
        message = valid_message(subject, body)
        key = None
        if ack.duplicate:
            expect = DEDUPE
        elif message is None:
            expect = DEAD_LETTER
        else:
            key = (message.platform, message.chat_id, message.message_id, message.revision)
            expect = self._first_time(message)
        sent = Sent(subject, expect, None if ack.duplicate else ack.seq, key, what)
        self.sent.append(sent)
        return sent

    def published_by_adapter(self, message: ChatIn) -> None:
        """Count a message an adapter published itself (its own ack was checked there)."""
        key = (message.platform, message.chat_id, message.message_id, message.revision)
        self.sent.append(Sent(f"chat.in.{message.platform}", self._first_time(message), None, key, "via adapter"))

    def _first_time(self, message: ChatIn) -> str:
        base = f"{message.platform}:{message.chat_id}:{message.message_id}"
        if message.dedupe_key in self._keys or message.revision <= self._revision.get(base, -1):
            return DEDUPE
        self._keys.add(message.dedupe_key)
        self._revision[base] = message.revision
        return ANSWER

    async def check(self) -> Counter:
        """Assert the accounting; the count of each class."""
        answers = Counter()
        for envelope in await events_of(self.js, "intake"):
            chat = envelope.data.get("chat")
            if chat:
                answers[(chat["platform"], chat["chat_id"], chat["message_id"], chat["revision"])] += 1
        letters = Counter()
        for letter in await list_dead_letters(self.js, "intake"):
            assert letter.error.startswith(("invalid chat message: ", "platform ")), letter.error  # says why
            letters[int(letter.headers[H_STREAM_SEQ].split(":")[1])] += 1
        for sent in self.sent:
            if sent.expect == ANSWER:
                assert answers[sent.key] == 1, f"{sent.what}: {answers[sent.key]} answers, expected 1"
            if sent.seq is not None:
                expected = 1 if sent.expect == DEAD_LETTER else 0
                assert letters[sent.seq] == expected, f"{sent.what}: {letters[sent.seq]} dead letters"
        classes = Counter(s.expect for s in self.sent)
        assert sum(answers.values()) == classes[ANSWER], "an answer no message accounts for"
        assert sum(letters.values()) == classes[DEAD_LETTER], "a dead letter no message accounts for"
        return classes
