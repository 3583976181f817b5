"""The terminal chat: try lastmile from a shell, as platform `terminal`."""
