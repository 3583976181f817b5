"""The Telegram adapter's own figures, beside the common `lastmile_adapter_*` ones: the two
states an operator must act on, since the Bot API looks healthy in both."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge


class TelegramMetrics:
    def __init__(self, registry: CollectorRegistry):
        self.privacy_mode = Gauge(
            "lastmile_adapter_telegram_privacy_mode",
            "1: the bot runs in Telegram's privacy mode (getMe can_read_all_group_messages false), so in groups "
            "where it is not an admin plain messages (orders, registrations) never reach it; BotFather /setprivacy → Disable",
            registry=registry)
        self.conflict = Gauge(
            "lastmile_adapter_telegram_conflict",
            "1: getUpdates answers 409 Conflict (a webhook is set, or another poller uses the token): nothing is received",
            registry=registry)
        self.skipped = Counter(
            "lastmile_adapter_telegram_updates_skipped",
            "Updates that could not be read into the chat envelope, skipped so the rest of the round is handled",
            registry=registry)
