"""An adapter's Prometheus figures. Labels are bounded: the platform only, never chats or people."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge


class AdapterMetrics:
    def __init__(self, platform: str, registry: CollectorRegistry | None = None):
        self.registry = r = registry or CollectorRegistry()
        Gauge("lastmile_adapter_info", "Adapter running (value 1)", ["platform"], registry=r).labels(platform).set(1)
        self.received = Counter("lastmile_adapter_received", "Platform messages stored in chat.in (acked by JetStream)",
                                ["platform"], registry=r).labels(platform)
        self.replayed = Counter("lastmile_adapter_replayed", "Platform messages JetStream already had (dropped by the dedupe key)",
                                ["platform"], registry=r).labels(platform)
        self.sent = Counter("lastmile_adapter_sent", "chat.out messages delivered to the platform",
                            ["platform"], registry=r).labels(platform)
        self._failed = Counter("lastmile_adapter_failed", "chat.out messages the platform refused (receipted failed), by reason",
                               ["platform", "reason"], registry=r)
        self.platform = platform
        self.reconnects = Counter("lastmile_adapter_reconnects", "Times the platform or NATS connection was lost and retried",
                                  ["platform"], registry=r).labels(platform)

    def failed(self, reason: str):
        """The counter of one failure reason (`shared.contracts.chat.FailedReason`, or `passing`)."""
        return self._failed.labels(self.platform, reason)
