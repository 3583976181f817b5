"""What notify does with each kind of message."""
