"""Plain rules of notify: no database, no NATS."""
