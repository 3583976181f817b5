"""The `lastmile` command: the composition root that knows every service."""
