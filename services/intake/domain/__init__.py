"""intake's rules as plain Python: who may ask for what."""
