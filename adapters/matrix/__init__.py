"""The Matrix adapter: a bot user's rooms and direct chats, through the chat envelope."""
