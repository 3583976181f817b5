"""delivery's rules in plain Python: no database, no NATS, no clock of their own."""
