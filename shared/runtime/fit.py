"""Messages that fit the server's limit, headers included.

nats-py compares only a message's payload with the server's `max_payload`; the server counts
the headers too, answers `-ERR maximum payload exceeded` and closes the connection, and
nats-py then closes the client for good: every later ack, pull and publish of the process
fails. Whatever lastmile adds headers to (a dead letter: the original payload plus ~400
bytes of ours) is sized here first.
"""

from __future__ import annotations

from collections.abc import Mapping

_HEADER_LINE = len(b"NATS/1.0\r\n")
_CRLF = 2


def header_bytes(headers: Mapping[str, str] | None) -> int:
    """The size of the header block nats-py sends for `headers` (`nats/aio/client.py`)."""
    if not headers:
        return 0
    lines = sum(len(k.strip().encode()) + 2 + len(v.strip().encode()) + _CRLF for k, v in headers.items())
    return _HEADER_LINE + lines + _CRLF


class MessageTooLarge(ValueError):
    """The server would refuse this message and close the connection over it."""


def cut_to_fit(max_payload: int, payload: bytes, headers: Mapping[str, str]) -> bytes:
    """The longest head of `payload` that fits beside `headers` (which must fit alone)."""
    room = max_payload - header_bytes(headers)
    if room < 0:
        raise MessageTooLarge(f"the headers alone take {header_bytes(headers)} bytes of {max_payload}")
    return payload[:room]
