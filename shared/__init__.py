"""Contracts and the small runtime every lastmile service shares (and nothing else)."""
