"""Chat adapters: thin processes with no business logic that speak only the chat envelope
(`shared/contracts/chat.py`): what people write → `chat.in.<platform>`, and
`chat.out.<platform>` → the platform, with a `chat.receipt.<platform>` for each."""
