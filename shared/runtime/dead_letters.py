"""Dead letters: what a service could not handle, parked on `lm.dlq.<service>` with the
original subject, headers, payload and the error, to be inspected and replayed."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from shared.contracts.streams import dead_letter_stream
from shared.contracts.subjects import dead_letter_subject

from .fit import cut_to_fit

H_SUBJECT = "Lastmile-Dlq-Subject"
H_ERROR = "Lastmile-Dlq-Error"
H_CONSUMER = "Lastmile-Dlq-Consumer"
H_ATTEMPTS = "Lastmile-Dlq-Attempts"
H_STREAM_SEQ = "Lastmile-Dlq-Stream-Seq"
H_FAILED_AT = "Lastmile-Dlq-Failed-At"
H_ORIGINAL_ID = "Lastmile-Dlq-Original-Msg-Id"
H_REPLAYS = "Lastmile-Dlq-Replays"
H_TRUNCATED = "Lastmile-Dlq-Truncated"  # the original's size in bytes: the payload kept is its head
NATS_MSG_ID = "Nats-Msg-Id"
OWN_HEADERS = {H_SUBJECT, H_ERROR, H_CONSUMER, H_ATTEMPTS, H_STREAM_SEQ, H_FAILED_AT, H_ORIGINAL_ID, H_TRUNCATED}
# Room kept for H_TRUNCATED itself when a payload has to be cut.
_TRUNCATED_HEADER_ROOM = len(H_TRUNCATED) + 4 + 20


class NotReplayable(ValueError):
    """A dead letter whose payload was cut to fit: replaying it would publish a fragment."""


def one_line(text: str, limit: int = 1000) -> str:
    """Headers hold one line of printable text."""
    flat = " ".join(text.split())
    return "".join(c if c.isprintable() else "?" for c in flat)[:limit]


async def park(js: JetStreamContext, *, service: str, consumer: str, msg: Msg, error: str,
               max_payload: int) -> None:
    """Publish the dead letter and wait for JetStream's ack; the caller acks the original
    only after this returns, so a crash in between re-parks it (deduplicated by id).

    A dead letter always fits `max_payload` (the server's): an original close to the limit
    keeps its head and says so, so the one message that failed never closes the connection
    that every other message of the service needs."""
    meta = msg.metadata
    headers = {k: v for k, v in (msg.headers or {}).items() if k != NATS_MSG_ID}
    if msg.headers and NATS_MSG_ID in msg.headers:
        headers[H_ORIGINAL_ID] = msg.headers[NATS_MSG_ID]
    headers.update({
        H_SUBJECT: msg.subject,
        H_ERROR: one_line(error),
        H_CONSUMER: consumer,
        H_ATTEMPTS: str(meta.num_delivered),
        H_STREAM_SEQ: f"{meta.stream}:{meta.sequence.stream}",
        H_FAILED_AT: datetime.now(timezone.utc).isoformat(),
        NATS_MSG_ID: f"dlq:{consumer}:{meta.stream}:{meta.sequence.stream}",
    })
    payload = msg.data or b""
    kept = cut_to_fit(max_payload - _TRUNCATED_HEADER_ROOM, payload, headers)
    if len(kept) < len(payload):
        headers[H_TRUNCATED] = str(len(payload))
    await js.publish(dead_letter_subject(service), kept, headers=headers)


@dataclass
class DeadLetter:
    seq: int
    service: str
    subject: str
    consumer: str
    error: str
    attempts: int
    failed_at: str
    payload: bytes
    headers: dict[str, str]

    @property
    def truncated_from(self) -> int | None:
        """The original payload's size when only its head was kept."""
        return int(self.headers[H_TRUNCATED]) if H_TRUNCATED in self.headers else None

    def preview(self, limit: int = 80) -> str:
        return one_line(self.payload.decode("utf-8", "replace"), limit)


@dataclass(frozen=True)
class Page:
    """One page of a service's dead letters, and how many there are in all."""

    letters: list[DeadLetter]
    total: int  # every dead letter of the service, whatever the filter
    matched: int  # those the filter took, up to `scanned_to`
    scanned_to: int  # the last sequence looked at: the next page starts after it
    more: bool  # letters after `scanned_to` that this page did not look at


def _letter(service: str, seq: int, raw) -> DeadLetter:
    h = raw.headers or {}
    return DeadLetter(
        seq=seq, service=service, subject=h.get(H_SUBJECT, "?"), consumer=h.get(H_CONSUMER, "?"),
        error=h.get(H_ERROR, ""), attempts=int(h.get(H_ATTEMPTS, "0")),
        failed_at=h.get(H_FAILED_AT, ""), payload=raw.data or b"", headers=dict(h),
    )


async def page_of_dead_letters(js: JetStreamContext, service: str, *, after: int = 0, limit: int = 100,
                               keep: Callable[[DeadLetter], bool] = lambda _: True) -> Page:
    """Up to `limit` letters after sequence `after` that `keep` takes, oldest first (0: all)."""
    stream = dead_letter_stream(service).name
    state = (await js.stream_info(stream)).state
    letters: list[DeadLetter] = []
    seq, matched = max(after + 1, state.first_seq or 1), 0
    while state.messages and seq <= state.last_seq and not (limit and len(letters) >= limit):
        try:
            letter = _letter(service, seq, await js.get_msg(stream, seq))
        except NotFoundError:  # deleted (replayed) sequence: skip the gap
            seq += 1
            continue
        if keep(letter):
            matched += 1
            letters.append(letter)
        seq += 1
    scanned_to = seq - 1
    return Page(letters, total=state.messages, matched=matched, scanned_to=scanned_to,
                more=bool(state.messages) and scanned_to < state.last_seq)


async def list_dead_letters(js: JetStreamContext, service: str, limit: int = 0) -> list[DeadLetter]:
    """Every dead letter of `service` (or the oldest `limit`), oldest first."""
    return (await page_of_dead_letters(js, service, limit=limit)).letters


async def replay(js: JetStreamContext, service: str, seq: int) -> str:
    """Re-publish a dead letter to its original subject, then remove it from the list.

    It goes out under a new `Nats-Msg-Id` (the old one may still be in the duplicate
    window); consumers that handled it already skip it by their inbox key."""
    stream = dead_letter_stream(service).name
    raw = await js.get_msg(stream, seq)
    h = dict(raw.headers or {})
    if H_TRUNCATED in h:
        raise NotReplayable(f"dead letter {seq} kept only the first {len(raw.data or b'')} of "
                            f"{h[H_TRUNCATED]} bytes; it cannot be replayed, only inspected")
    subject = h[H_SUBJECT]
    original = h.get(H_ORIGINAL_ID, f"{h.get(H_STREAM_SEQ, seq)}")
    replays = int(h.get(H_REPLAYS, "0")) + 1
    headers = {k: v for k, v in h.items() if k not in OWN_HEADERS and k != NATS_MSG_ID}
    headers[H_REPLAYS] = str(replays)
    headers[NATS_MSG_ID] = f"{original}:replay:{service}:{seq}"
    await js.publish(subject, raw.data or b"", headers=headers)
    await js.delete_msg(stream, seq)
    return subject


def as_json(letter: DeadLetter) -> str:
    return json.dumps({
        "seq": letter.seq, "service": letter.service, "subject": letter.subject,
        "consumer": letter.consumer, "error": letter.error, "attempts": letter.attempts,
        "failed_at": letter.failed_at, "payload": letter.payload.decode("utf-8", "replace"),
        "truncated_from": letter.truncated_from,
    }, ensure_ascii=False)
