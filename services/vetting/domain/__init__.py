"""vetting's rules as plain Python: no database, no NATS, unit-tested with plain values."""
