"""Keys built from platform ids, bounded once for every store and header.

A platform's chat and message ids may each be 256 characters (a Matrix room id plus an
event id is ~90 already), but an envelope's correlation id is 64 and the stores' key
columns 512. Every key made from platform ids goes through `bounded_key`: a short key is
kept as it is (readable in logs and dead letters); a long one keeps a readable head and
ends in a hash of the whole, so two different ids never share a key.
"""

from __future__ import annotations

from hashlib import blake2b

CORRELATION_ID_LIMIT = 64  # Envelope.correlation_id, ChatOut.correlation_id
STORED_KEY_LIMIT = 512  # inbox.message_key and every message_key column
_DIGEST_CHARS = 32  # 128 bits of blake2b: no collision among a district's messages


def bounded_key(key: str, limit: int) -> str:
    """`key` itself when it fits in `limit` characters, else `<head>~<hash of key>`."""
    if len(key) <= limit:
        return key
    digest = blake2b(key.encode(), digest_size=_DIGEST_CHARS // 2).hexdigest()
    return f"{key[:limit - _DIGEST_CHARS - 1]}~{digest}"
