"""The small runtime every service runs on: settings, clock, store with outbox and inbox,
consumers with retries and dead letters, stored timers, metrics and health."""
