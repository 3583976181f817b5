"""The Matrix adapter's own figures, beside the common adapter ones (same registry, same
`platform` label only: never a room or a person)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge

from .mapping import PLATFORM


class MatrixMetrics:
    def __init__(self, r: CollectorRegistry):
        self.skipped = Counter("lastmile_matrix_events_skipped", "Events that could not be read (malformed), "
                               "skipped so the rest of the sync round is handled", ["platform"], registry=r).labels(PLATFORM)
        self.encrypted_rooms = Gauge("lastmile_matrix_encrypted_rooms", "End-to-end encrypted rooms the bot is in "
                                     "and cannot read (seen since the adapter started)", ["platform"], registry=r).labels(PLATFORM)
        self.encrypted_warnings = Counter("lastmile_matrix_encrypted_warnings", "Rooms told (once each) that they "
                                          "are encrypted and cannot be read", ["platform"], registry=r).labels(PLATFORM)
        self.rate_limited = Counter("lastmile_matrix_rate_limited", "Homeserver answers M_LIMIT_EXCEEDED, "
                                    "each waited out as asked (retry_after_ms)", ["platform"], registry=r).labels(PLATFORM)
        self.logins = Counter("lastmile_matrix_logins", "Password logins (once, then only when the saved "
                              "access token is refused)", ["platform"], registry=r).labels(PLATFORM)
